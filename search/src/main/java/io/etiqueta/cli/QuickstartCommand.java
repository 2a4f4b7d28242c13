package io.etiqueta.cli;

import io.etiqueta.search.execution.PatientStore;
import io.etiqueta.champion.Champion;
import io.etiqueta.data.FashionMnist;
import io.etiqueta.report.PublishedReport;
import io.etiqueta.report.Reports;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.store.SearchPromotions;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.execution.SearchRunner;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.serving.LabellingServer;
import io.etiqueta.storage.Store;
import io.etiqueta.train.LocalTrialEngine;
import picocli.CommandLine.*;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "quickstart", sortOptions = false,
        description = {"The whole job on Fashion-MNIST: search, promote, report, serve.",
                "A small genetic search (one to a few minutes on 2 cores), promotion of the winner, its report,",
                "then the labelling service on it. Fashion-MNIST comes from the Debian package",
                "dataset-fashion-mnist, else from its official download location; when both fail,",
                "quickstart installs the package itself on Debian/Ubuntu as root or with passwordless sudo,",
                "else it prints the command to run."})
public final class QuickstartCommand implements Callable<Integer> {
    static final String SEARCH_FILE = "quickstart.yaml";

    @Spec CommandSpec spec;
    @Mixin StoreOption storeOption;
    @Option(names = "--dataset", description = "Use this Fashion-MNIST folder instead of looking for one.")
    Path dataset;
    @Option(names = "--workers", description = "Trials trained at once (default: the quickstart file's 2).")
    Integer workers;
    @Option(names = "--out", description = "Also write the report into this folder.")
    Path out;
    @Option(names = "--no-serve", negatable = true, description = "Stop after the report instead of serving the champion.")
    boolean noServe;
    @Option(names = "--port", defaultValue = "8080", description = "Port of the labelling service (default: ${DEFAULT-VALUE}).")
    int port;

    @Override public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path data = dataset != null ? dataset : FashionMnist.locate(note -> {
            out.println(note);
            out.flush();
        });
        SearchSpec search = SearchFiles.parse(bundledSearchFile(), "quickstart.yaml (bundled)").withDataset(data.toString());
        if (workers != null) search = search.withWorkers(workers);
        String location = storeOption.location();
        String searchId;
        try (Store store = PatientStore.of(storeOption.open())) { // rides out a store outage
            out.println("1/4 searching: " + search.strategy().id() + " search over " + search.searched().size()
                    + " hyperparameters on " + data + " (store " + store.location() + ")");
            out.flush();
            SearchRunner runner = new SearchRunner(store, LocalTrialEngine.forSearch(store),
                    new SearchProgress(out, Terminal.interactive()));
            SearchRecord created = runner.create(search, bundledSearchFile(), "quickstart.yaml");
            searchId = created.id();
            SearchRecord finished = runner.run(searchId, null);
            if (finished.status() != SearchStatus.FINISHED) {
                out.println("search " + searchId + " ended " + finished.status() + ": " + finished.statusReason()
                        + " (resume it with: etiqueta search resume " + searchId + ")");
                return finished.status() == SearchStatus.STOPPED ? ExitCodes.INTERRUPTED : ExitCodes.FAILED;
            }
            Champion champion = SearchPromotions.promote(store, searchId, null, "quickstart", "winner of the quickstart search");
            out.printf(Locale.ROOT, "2/4 promoted %s (%s) as champion %s: test accuracy %.4f%n", champion.trialId(),
                    searchId, champion.version(), champion.testAccuracy() == null ? Double.NaN : champion.testAccuracy());
            PublishedReport report = Reports.publish(store, searchId, List.of(), this.out, Reports.DEFAULT_LEADING_TRIALS);
            out.println("3/4 report: " + (report.localIndex() != null ? report.localIndex().toAbsolutePath() : report.storeAddress()));
            if (report.localIndex() != null) out.println("    also in the store: " + report.storeAddress());
        }
        if (noServe) {
            out.println("4/4 skipped serving; start it with: ./etiqueta serve --store " + location);
            out.flush();
            return ExitCodes.OK;
        }
        out.println("4/4 serving the champion at http://127.0.0.1:" + port + "/ (Ctrl-C to stop)");
        out.flush();
        return LabellingServer.run(location, port, "127.0.0.1");
    }

    static String bundledSearchFile() throws IOException {
        try (InputStream in = QuickstartCommand.class.getResourceAsStream(SEARCH_FILE)) {
            if (in == null) throw new IllegalStateException("the quickstart search file is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
