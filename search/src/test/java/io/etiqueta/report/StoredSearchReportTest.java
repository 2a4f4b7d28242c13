package io.etiqueta.report;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.spec.Objective;
import io.etiqueta.cli.ExitCodes;
import io.etiqueta.cli.Main;
import io.etiqueta.cli.ReportCommand;
import io.etiqueta.json.Json;
import io.etiqueta.search.execution.FakeTrialEngine;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.execution.SearchRunner;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports read from a store laid out as a search writes it (searches/<id>/search.json and trials/<trialId>/...). */
class StoredSearchReportTest {

    static String source(String strategy, int trials) {
        return """
                name: demo
                dataset: cifar10
                objective: {metric: val_accuracy, goal: maximize}
                strategy: %s
                seed: 3
                budget: {trials: 20, hours: 1}
                genetic: {population: 4, elites: 1}
                space:
                  model: [mlp, cnn]
                  optimizer: [sgd, adam, rmsprop, nadam]
                  learning_rate: {log_uniform: [0.0001, 0.1]}
                  activation: [relu, tanh, elu]
                  dropout: {uniform: [0.0, 0.5]}
                  layers: [[64], [64, 32]]
                  epochs: 4
                """.formatted(strategy);
    }

    /** Writes the fixture search the way the search runner stores one: search.json, trial.json per trial, the champion's examples. */
    static ReportInput storeSearch(Store store, String id, long seed, int trials, String strategy) {
        ReportInput input = ReportFixtures.search(id, seed, trials);
        String source = source(strategy, trials);
        SearchSpec spec = SearchFiles.parse(source, "demo.yaml");
        new SearchStore(store).save(new SearchRecord(SearchRecord.FORMAT_VERSION, id, "demo", "demo.yaml", source, spec,
                SearchStatus.FINISHED, "budget: " + trials + " trials", Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:40:00Z"), Instant.parse("2026-11-23T10:40:00Z"), 2400.0, 1,
                SearchRecord.Counts.NONE, null, null, "test"));
        for (TrialRecord t : input.trials()) {
            // the runner numbers trials from 1 with ids t0001, t0002, ...
            TrialRecord stored = t.withIds(String.format("t%04d", t.number() + 1), id, t.number() + 1);
            store.put(StoreLayout.trialRecord(id, stored.id()), Json.bytes(stored));
        }
        TrialRecord champion = Ranking.champion(input.search(), input.trials()).orElseThrow();
        store.put(StoreLayout.examples(id, String.format("t%04d", champion.number() + 1)), Json.bytes(input.championExamples()));
        // something else in the folder that is not a trial record
        store.put(StoreLayout.searchPrefix(id) + "trials/t0001/bundle.etq", new byte[] {1, 2, 3});
        return input;
    }

    @Test
    void readsTheStoredSearchIntoTheReportInput(@TempDir Path dir) {
        try (Store store = Stores.open(dir.toString())) {
            ReportInput stored = storeSearch(store, "demo-1", 3, 10, "random");
            ReportInput read = StoredSearches.read(store, "demo-1", List.of());

            assertThat(read.trials()).hasSize(10).extracting(TrialRecord::id).startsWith("t0001", "t0002");
            assertThat(read.search().dataset()).isEqualTo("cifar10");
            assertThat(read.search().objective()).isEqualTo(Objective.of("val_accuracy"));
            assertThat(read.search().strategy()).isEqualTo("random");
            assertThat(read.search().status()).isEqualTo("finished: budget: 10 trials");
            assertThat(read.search().runSeconds()).isEqualTo(2400.0);
            assertThat(read.search().budget()).startsWith("10 of 20 trials, 40.0 min of 1 h running, ");
            assertThat(read.search().generations()).isEmpty();
            assertThat(read.search().seed()).isEqualTo(3L);
            assertThat(read.championExamples()).isEqualTo(stored.championExamples());
        }
    }

    @Test
    void commandWritesTheReportToTheStoreAndTheFolderAndSaysWhere(@TempDir Path dir) throws IOException {
        Path storeDir = dir.resolve("store");
        try (Store store = Stores.open(storeDir.toString())) {
            storeSearch(store, "demo-1", 3, 9, "random");
            storeSearch(store, "demo-2", 4, 6, "random");
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine(new ReportCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cli.execute("demo-1", "--compare", "demo-2", "--store", storeDir.toString(), "--out", dir.resolve("out").toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("report demo-1-vs-demo-2 written to " + storeDir + "/reports/demo-1-vs-demo-2/index.html")
                .contains("and to " + dir.resolve("out/index.html"));
        assertThat(storeDir.resolve("reports/demo-1-vs-demo-2/index.html")).isRegularFile();
        assertThat(dir.resolve("out/compare.csv")).isRegularFile();

        // the CSV in the store matches the stored trial records
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(storeDir.resolve("reports/demo-1-vs-demo-2/trials.csv")))).getRecords();
        try (Store store = Stores.open(storeDir.toString())) {
            List<TrialRecord> trials = StoredSearches.trials(store, "demo-1");
            assertThat(rows).extracting(r -> r.get("trial_id")).containsExactlyInAnyOrderElementsOf(trials.stream().map(TrialRecord::id).toList());
            for (TrialRecord t : trials) {
                CSVRecord row = rows.stream().filter(r -> r.get("trial_id").equals(t.id())).findFirst().orElseThrow();
                assertThat(row.get("val_accuracy")).isEqualTo(t.best().map(e -> String.valueOf(e.valAccuracy())).orElse(""));
                assertThat(row.get("state")).isEqualTo(t.state().id());
            }
        }
        String html = Files.readString(dir.resolve("out/index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("etiqueta report: demo-1 compared with demo-2");
    }

    @Test
    void anUnknownSearchIsAClearErrorWithoutAStackTrace(@TempDir Path dir) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine(new ReportCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cli.execute("nope", "--store", dir.toString());
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("no search 'nope'").contains("searches/nope/search.json").doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aCorruptTrialRecordIsNamed(@TempDir Path dir) {
        try (Store store = Stores.open(dir.toString())) {
            storeSearch(store, "demo-1", 3, 4, "random");
            store.put(StoreLayout.trialRecord("demo-1", "t0002"), "{ not json".getBytes(StandardCharsets.UTF_8));
        }
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new ReportCommand()).setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));
        assertThat(cli.execute("demo-1", "--store", dir.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("searches/demo-1/trials/t0002/trial.json");
    }

    @Test
    void aGeneticSearchRunByTheRunnerGetsItsGenerationsBack(@TempDir Path dir) {
        try (Store store = Stores.open(dir.toString())) {
            String source = source("genetic", 14).replace("budget: {trials: 20, hours: 1}", "budget: {trials: 14}");
            SearchRecord done = SearchFixtures.start(store, new FakeTrialEngine(store), source);
            ReportInput read = StoredSearches.read(store, done.id(), List.of());

            assertThat(read.trials()).hasSize(14);
            Map<String, Integer> generations = read.search().generations();
            assertThat(generations).hasSize(14);
            // the first generation is the whole random population, and generations follow trial numbers
            assertThat(read.trials().subList(0, 4)).allSatisfy(t -> assertThat(generations.get(t.id())).isZero());
            List<Integer> inOrder = read.trials().stream().map(t -> generations.get(t.id())).toList();
            assertThat(inOrder).isSorted();
            assertThat(inOrder.getLast()).isGreaterThanOrEqualTo(3); // at most 4 new configurations a generation
            assertThat(read.search().bestTrialId()).isEqualTo(done.bestTrialId());
            assertThat(ReportModel.foundBy(read.search(), Ranking.champion(read.search(), read.trials()).orElseThrow()))
                    .startsWith("genetic search: trial #");

            Report report = Reports.generator().generate(read);
            assertThat(new String(report.file(Report.TRIALS_CSV), StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                    .contains(",generation,");
        }
    }
}
