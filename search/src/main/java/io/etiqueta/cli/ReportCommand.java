package io.etiqueta.cli;

import io.etiqueta.report.PublishedReport;
import io.etiqueta.report.Reports;
import io.etiqueta.storage.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code etiqueta report <search-id> [--compare <id>...] [--store S] [--out DIR]}: a thin shell over {@link Reports#publish}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a report of a search: one self-contained HTML page with its leaderboard, learning curves, "
                + "confusion matrix, per-class metrics, examples and hyperparameter charts, and the data behind it as CSV and JSON.",
                "It goes into the store under reports/<id>/ and, with --out, into a local folder."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SEARCH_ID", description = "The search to report on ('etiqueta search list' shows them).")
    String searchId;

    @Option(names = "--compare", arity = "1..*", paramLabel = "OTHER_ID", description = "Searches to show side by side with it.")
    List<String> compare = new ArrayList<>();

    @Mixin StoreOption storeOption;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write the report's files into this folder.")
    Path out;

    @Option(names = "--curves", paramLabel = "N", defaultValue = "" + Reports.DEFAULT_LEADING_TRIALS,
            description = "Draw learning curves for the N leading trials (default: ${DEFAULT-VALUE}).")
    int curves;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = storeOption.open()) {
            PublishedReport published = Reports.publish(s, searchId, compare, this.out, curves);
            out.println("report " + published.report().id() + " written to " + published.storeAddress());
            if (published.localIndex() != null) out.println("and to " + published.localIndex().toAbsolutePath().normalize());
            return ExitCodes.OK;
        }
    }
}
