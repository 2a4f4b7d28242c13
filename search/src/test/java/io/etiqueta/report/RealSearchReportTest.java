package io.etiqueta.report;

import io.etiqueta.cli.ExitCodes;
import io.etiqueta.cli.ReportCommand;
import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import io.etiqueta.train.EngineSettings;
import io.etiqueta.train.EpochObserver;
import io.etiqueta.train.LocalTrialEngine;
import io.etiqueta.train.TrialRequest;
import io.etiqueta.trial.ActivationType;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report made from real trials: a small search of three trials trained by the real trial engine on real CIFAR-10
 * images (3 classes, 60 images each, 2 epochs), stored as a search stores them, reported by the command and
 * opened in headless chromium.
 */
class RealSearchReportTest {
    static final String SEARCH = "real-small";
    @TempDir static Path dir;
    static Path storeDir;
    static List<TrialRecord> trials;

    @BeforeAll
    static void runSmallSearch() throws IOException {
        Path dataset = CifarSubset.extract(dir.resolve("cifar"), List.of("airplane", "automobile", "frog"), 60);
        storeDir = dir.resolve("store");
        Map<LoadOptions, LoadedDataset> cache = new ConcurrentHashMap<>();
        trials = new ArrayList<>();
        try (Store store = Stores.open(storeDir.toString())) {
            var engine = new LocalTrialEngine(store, EngineSettings.defaults(),
                    (path, options) -> cache.computeIfAbsent(options, o -> DatasetLoader.load(path, o)), line -> {});
            TrialConfig.Builder base = TrialConfig.builder().model(ModelFamily.MLP).batchSize(32).epochs(2).seed(7);
            List<TrialConfig> configs = List.of(
                    base.layers(List.of(64)).activation(ActivationType.RELU).optimizer(OptimizerType.ADAM).learningRate(0.001).build(),
                    base.layers(List.of(64, 32)).activation(ActivationType.TANH).optimizer(OptimizerType.SGD).learningRate(0.01).momentum(0.9).build(),
                    base.layers(List.of(32)).activation(ActivationType.ELU).optimizer(OptimizerType.RMSPROP).learningRate(0.003).momentum(0).dropout(0.2).build());
            for (int n = 1; n <= configs.size(); n++) {
                String trialId = String.format("t%04d", n);
                TrialRecord record = engine.run(new TrialRequest(trialId, SEARCH, n, dataset.toString(), configs.get(n - 1)), EpochObserver.NONE);
                store.put(StoreLayout.trialRecord(SEARCH, trialId), Json.bytes(record)); // the caller owns trial.json
                trials.add(record);
            }
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("formatVersion", 1);
            search.put("id", SEARCH);
            search.put("spec", Map.of("name", "real", "dataset", dataset.toString(), "strategy", "random", "seed", 7,
                    "objective", Map.of("metric", "val_accuracy", "goal", "maximize"), "budget", Map.of("trials", 3)));
            search.put("status", "finished");
            search.put("statusReason", "budget: 3 trials");
            search.put("created", trials.getFirst().started().toString());
            search.put("finished", trials.getLast().finished().toString());
            store.put(StoreLayout.searchRecord(SEARCH), Json.bytes(search));
        }
        ReportBrowserTest.startChromium();
    }

    @AfterAll
    static void stop() throws IOException { ReportBrowserTest.stopChromium(); }

    @Test
    void theReportOfRealTrialsMatchesTheirRecordsAndDrawsInChromium() throws IOException {
        assertThat(trials).extracting(TrialRecord::state).containsOnly(TrialState.COMPLETE);

        StringWriter out = new StringWriter(), err = new StringWriter();
        Path local = dir.resolve("report");
        int code = new CommandLine(new ReportCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(SEARCH, "--store", storeDir.toString(), "--out", local.toString());
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains(storeDir + "/reports/" + SEARCH + "/index.html");

        // trials.csv in the store: one row per stored trial record, with its numbers
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(storeDir.resolve("reports/" + SEARCH + "/trials.csv")))).getRecords();
        assertThat(rows).hasSize(3);
        for (TrialRecord t : trials) {
            CSVRecord row = rows.stream().filter(r -> r.get("trial_id").equals(t.id())).findFirst().orElseThrow();
            assertThat(Double.parseDouble(row.get("val_accuracy"))).isEqualTo(t.metric("val_accuracy").getAsDouble());
            assertThat(Double.parseDouble(row.get("val_loss"))).isEqualTo(t.metric("val_loss").getAsDouble());
            assertThat(Double.parseDouble(row.get("test_accuracy"))).isEqualTo(t.test().accuracy());
            assertThat(Double.parseDouble(row.get("seconds"))).isEqualTo(t.timing().totalSeconds());
            assertThat(Integer.parseInt(row.get("epochs"))).isEqualTo(t.epochs().size());
            assertThat(row.get("config.optimizer")).isEqualTo(t.config().optimizer().id());
            assertThat(row.get("stop_reason")).isEqualTo(t.stopReason());
        }
        TrialRecord best = trials.stream().max(java.util.Comparator.comparingDouble(t -> t.metric("val_accuracy").getAsDouble())).orElseThrow();
        assertThat(rows.getFirst().get("trial_id")).isEqualTo(best.id());
        List<CSVRecord> classes = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(local.resolve("classes.csv")))).getRecords();
        assertThat(classes).extracting(r -> r.get("label")).containsExactly("airplane", "automobile", "frog");

        ReportBrowserTest.Page page = ReportBrowserTest.open(local.resolve("index.html").toAbsolutePath(), "window.etiqueta && window.etiqueta.ready");
        ReportBrowserTest.assertCleanPage(page);
        assertThat(ReportBrowserTest.drawnPixels()).containsKeys("curves-accuracy", "curves-loss", "confusion", "progress", "parallel")
                .allSatisfy((chart, drawn) -> assertThat(drawn).as(chart).isGreaterThan(2_000L));
        assertThat(ReportBrowserTest.driver.findElements(By.cssSelector("#leaderboard tbody tr"))).hasSize(3);
        Long images = (Long) ReportBrowserTest.driver.executeScript(
                "return Array.from(document.querySelectorAll('#gallery img')).filter(i => i.complete && i.naturalWidth === 32).length");
        assertThat(images).isPositive(); // the engine's own gallery of real test images
        ReportBrowserTest.screenshot("real-search");
    }
}
