package io.etiqueta.report;

import io.etiqueta.cli.ExitCodes;
import io.etiqueta.cli.Main;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report of a real search: {@code etiqueta search start} runs a small genetic search (two generations of three,
 * one or two epochs) with the real DL4J trial engine on real CIFAR-10 images (3 classes, 60 images each), then
 * {@code etiqueta report} writes its report, which must match the stored trial records and draw in chromium.
 */
class RealSearchReportTest {
    @TempDir static Path dir;
    static Path storeDir;
    static String searchId;
    static List<TrialRecord> trials;

    static int cli(StringWriter out, StringWriter err, String... args) {
        return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @BeforeAll
    static void runSmallSearch() throws IOException {
        Path dataset = CifarSubset.extract(dir.resolve("cifar"), List.of("airplane", "automobile", "frog"), 60);
        storeDir = dir.resolve("store");
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, """
                name: real-small
                dataset: %s
                objective: {metric: val_accuracy, goal: maximize}
                strategy: genetic
                seed: 7
                budget: {trials: 6}
                genetic: {population: 3, elites: 1}
                space:
                  model: mlp
                  layers: [[32], [64], [64, 32]]
                  optimizer: [adam, rmsprop, sgd]
                  learning_rate: {log_uniform: [0.001, 0.02]}
                  activation: [relu, tanh, elu]
                  batch_size: 32
                  epochs: [1, 2]
                """.formatted(dataset));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = cli(out, err, "search", "start", file.toString(), "--store", storeDir.toString(), "--workers", "1");
        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
        try (Store store = Stores.open(storeDir.toString())) {
            searchId = new SearchStore(store).list().getFirst().id();
            trials = new SearchStore(store).trials(searchId);
        }
        ReportBrowserTest.startChromium();
    }

    @AfterAll
    static void stop() throws IOException { ReportBrowserTest.stopChromium(); }

    @Test
    void theReportOfRealTrialsMatchesTheirRecordsAndDrawsInChromium() throws IOException {
        assertThat(trials).hasSize(6).extracting(TrialRecord::state).contains(TrialState.COMPLETE);

        StringWriter out = new StringWriter(), err = new StringWriter();
        Path local = dir.resolve("report");
        int code = cli(out, err, "report", searchId, "--store", storeDir.toString(), "--out", local.toString());
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains(storeDir + "/reports/" + searchId + "/index.html");

        // trials.csv in the store: one row per stored trial record, with its numbers
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(storeDir.resolve("reports/" + searchId + "/trials.csv")))).getRecords();
        assertThat(rows).hasSize(6);
        for (TrialRecord t : trials) {
            CSVRecord row = rows.stream().filter(r -> r.get("trial_id").equals(t.id())).findFirst().orElseThrow();
            assertThat(row.get("state")).isEqualTo(t.state().id());
            if (t.number() <= 3) assertThat(row.get("generation")).isEqualTo("0"); // the random first population
            assertThat(Double.parseDouble(row.get("val_accuracy"))).isEqualTo(t.metric("val_accuracy").getAsDouble());
            assertThat(Double.parseDouble(row.get("val_loss"))).isEqualTo(t.metric("val_loss").getAsDouble());
            assertThat(row.get("test_accuracy")).isEqualTo(t.test() == null ? "" : String.valueOf(t.test().accuracy()));
            assertThat(Double.parseDouble(row.get("seconds"))).isEqualTo(t.timing().totalSeconds());
            assertThat(Integer.parseInt(row.get("epochs"))).isEqualTo(t.epochs().size());
            assertThat(row.get("config.optimizer")).isEqualTo(t.config().optimizer().id());
            assertThat(row.get("stop_reason")).isEqualTo(t.stopReason());
        }
        // later generations hold only new configurations (the elite is not trained again), so they can be smaller
        List<Integer> generations = trials.stream().map(t -> rows.stream().filter(r -> r.get("trial_id").equals(t.id()))
                .findFirst().orElseThrow().get("generation")).map(Integer::valueOf).toList();
        assertThat(generations).isSorted();
        assertThat(generations.getLast()).isPositive();
        String best;
        try (Store store = Stores.open(storeDir.toString())) {
            best = new SearchStore(store).load(searchId).orElseThrow().bestTrialId();
        }
        assertThat(rows.getFirst().get("trial_id")).isEqualTo(best);
        List<CSVRecord> classes = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(local.resolve("classes.csv")))).getRecords();
        assertThat(classes).extracting(r -> r.get("label")).containsExactly("airplane", "automobile", "frog");

        ReportBrowserTest.Page page = ReportBrowserTest.open(local.resolve("index.html").toAbsolutePath(), "window.etiqueta && window.etiqueta.ready");
        ReportBrowserTest.assertCleanPage(page);
        assertThat(ReportBrowserTest.drawnPixels()).containsKeys("curves-accuracy", "curves-loss", "confusion", "progress", "generations", "parallel")
                .allSatisfy((chart, drawn) -> assertThat(drawn).as(chart).isGreaterThan(2_000L));
        assertThat(ReportBrowserTest.driver.findElements(By.cssSelector("#leaderboard tbody tr"))).hasSize(6);
        Long images = (Long) ReportBrowserTest.driver.executeScript(
                "return Array.from(document.querySelectorAll('#gallery img')).filter(i => i.complete && i.naturalWidth === 32).length");
        assertThat(images).isPositive(); // the engine's own gallery of real test images
        ReportBrowserTest.screenshot("real-search");
    }
}
