package io.etiqueta.report;

import io.etiqueta.search.spec.Goal;
import io.etiqueta.search.spec.Objective;
import com.fasterxml.jackson.core.type.TypeReference;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.ClassMetrics;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportFilesTest {

    private static List<CSVRecord> parse(byte[] csv) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(new String(csv, StandardCharsets.UTF_8)))) {
            return parser.getRecords();
        }
    }

    private static Double number(String s) { return s.isEmpty() ? null : Double.valueOf(s); }

    @Test
    void trialsCsvHasOneRowPerStoredTrialWithTheRecordsValues() throws IOException {
        ReportInput input = ReportFixtures.search("s-csv", 7, 12);
        Report report = Reports.generator().generate(input);

        List<CSVRecord> rows = parse(report.file(Report.TRIALS_CSV));
        assertThat(rows).hasSize(input.trials().size());
        assertThat(rows.getFirst().getParser().getHeaderNames())
                .contains("trial_id", "number", "generation", "state", "configuration", "config.optimizer", "config.activation",
                        "config.learningRate", "config.augmentation.flip", "accuracy", "loss", "val_accuracy", "val_loss",
                        "test_accuracy", "test_macro_f1", "seconds", "epochs", "stop_reason");

        for (TrialRecord t : input.trials()) {
            CSVRecord row = rows.stream().filter(r -> r.get("trial_id").equals(t.id())).findFirst().orElseThrow();
            assertThat(Integer.parseInt(row.get("number"))).isEqualTo(t.number());
            assertThat(row.get("state")).isEqualTo(t.state().id());
            assertThat(Integer.parseInt(row.get("generation"))).isEqualTo(input.search().generations().get(t.id()));
            assertThat(row.get("configuration")).isEqualTo(t.config().summary());
            // every config field, by its JSON name
            Map<String, Object> config = TrialTable.flatten(t.config());
            assertThat(config).containsKeys("model", "layers", "learningRate", "dropout", "batchSize", "augmentation.shift", "seed");
            config.forEach((field, value) -> {
                String cell = row.get("config." + field);
                if (value == null) assertThat(cell).as(field).isEmpty();
                else if (value instanceof Number n) assertThat(Double.parseDouble(cell)).as(field).isEqualTo(n.doubleValue());
                else assertThat(cell).as(field).isEqualTo(value.toString());
            });
            assertThat(number(row.get("accuracy"))).isEqualTo(t.best().map(e -> e.accuracy()).orElse(null));
            assertThat(number(row.get("loss"))).isEqualTo(t.best().map(e -> e.loss()).orElse(null));
            assertThat(number(row.get("val_accuracy"))).isEqualTo(t.best().map(e -> e.valAccuracy()).orElse(null));
            assertThat(number(row.get("val_loss"))).isEqualTo(t.best().map(e -> e.valLoss()).orElse(null));
            assertThat(number(row.get("test_accuracy"))).isEqualTo(t.test() == null ? null : t.test().accuracy());
            assertThat(number(row.get("test_macro_f1"))).isEqualTo(t.test() == null ? null : t.test().macro().f1());
            assertThat(number(row.get("seconds"))).isEqualTo(t.timing().totalSeconds());
            assertThat(Integer.parseInt(row.get("epochs"))).isEqualTo(t.epochs().size());
            assertThat(row.get("stop_reason")).isEqualTo(t.stopReason());
            assertThat(row.get("error")).isEqualTo(t.error() == null ? "" : t.error());
        }
        // ranked by the objective: the champion first, trials without a value last
        assertThat(rows.getFirst().get("trial_id")).isEqualTo(Ranking.champion(input.search(), input.trials()).orElseThrow().id());
        List<Double> objectives = rows.stream().filter(r -> !r.get("state").equals("failed"))
                .map(r -> number(r.get("objective"))).filter(v -> v != null).toList();
        assertThat(objectives).hasSize(input.trials().size() - 1).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(rows.getLast().get("state")).isEqualTo("failed"); // a diverged trial ranks after every scored one
    }

    @Test
    void csvQuotesCommasQuotesAndNewlinesPerRfc4180() throws IOException {
        ReportInput input = ReportFixtures.search("s-quote", 3, 4);
        List<TrialRecord> trials = new ArrayList<>(input.trials());
        TrialRecord odd = trials.get(1);
        String reason = "stopped, \"by hand\"\nsecond line";
        trials.set(1, odd.withState(odd.state(), reason, odd.error(), odd.finished()));
        Report report = Reports.generator().generate(new ReportInput(input.search(), trials, input.championExamples()));

        String csv = new String(report.file(Report.TRIALS_CSV), StandardCharsets.UTF_8);
        assertThat(csv).contains("\"stopped, \"\"by hand\"\"\nsecond line\"");
        CSVRecord row = parse(report.file(Report.TRIALS_CSV)).stream().filter(r -> r.get("trial_id").equals(odd.id())).findFirst().orElseThrow();
        assertThat(row.get("stop_reason")).isEqualTo(reason);
    }

    @Test
    void classesCsvIsTheChampionsClassificationReport() throws IOException {
        ReportInput input = ReportFixtures.search("s-classes", 11, 8);
        TrialRecord champion = Ranking.champion(input.search(), input.trials()).orElseThrow();
        List<CSVRecord> rows = parse(Reports.generator().generate(input).file(Report.CLASSES_CSV));

        assertThat(rows).hasSize(champion.test().perClass().size());
        for (int i = 0; i < rows.size(); i++) {
            ClassMetrics c = champion.test().perClass().get(i);
            CSVRecord row = rows.get(i);
            assertThat(row.get("trial_id")).isEqualTo(champion.id());
            assertThat(row.get("label")).isEqualTo(c.label());
            assertThat(Double.parseDouble(row.get("precision"))).isEqualTo(c.precision());
            assertThat(Double.parseDouble(row.get("recall"))).isEqualTo(c.recall());
            assertThat(Double.parseDouble(row.get("f1"))).isEqualTo(c.f1());
            assertThat(Integer.parseInt(row.get("support"))).isEqualTo(c.support());
            assertThat(Boolean.parseBoolean(row.get("best"))).isEqualTo(champion.test().bestClasses().contains(c.label()));
            assertThat(Boolean.parseBoolean(row.get("worst"))).isEqualTo(champion.test().worstClasses().contains(c.label()));
        }
    }

    @Test
    void trialsJsonReadsBackAsTheTrialRecords() throws IOException {
        ReportInput input = ReportFixtures.search("s-json", 5, 6);
        byte[] json = Reports.generator().generate(input).file(Report.TRIALS_JSON);
        List<TrialRecord> back = Json.mapper().readValue(json, new TypeReference<List<TrialRecord>>() {});
        assertThat(back).hasSameSizeAs(input.trials());
        Function<List<TrialRecord>, List<String>> ids = l -> l.stream().map(TrialRecord::id).sorted().toList();
        assertThat(ids.apply(back)).isEqualTo(ids.apply(input.trials()));
        TrialRecord failed = back.stream().filter(t -> t.state() == TrialState.FAILED).findFirst().orElseThrow();
        assertThat(failed.epochs().getLast().loss()).isNaN(); // a diverged loss survives the round trip
    }

    @Test
    void htmlIsSelfContainedAndKeepsUntrustedTextOutOfMarkup() {
        ReportInput input = ReportFixtures.search("s-html", 9, 6);
        List<TrialRecord> trials = new ArrayList<>(input.trials());
        TrialRecord t = trials.get(2);
        trials.set(2, t.withState(t.state(), "</script><img src=https://example.com/x.png>", t.error(), t.finished()));
        String html = new String(Reports.generator().generate(new ReportInput(input.search(), trials, input.championExamples()))
                .file(Report.INDEX), StandardCharsets.UTF_8);

        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("{{");
        assertThat(html).contains("default-src 'none'");          // the browser itself refuses any request
        assertThat(html).doesNotContain("</script><img").contains("\\u003c/script>\\u003cimg"); // data cannot end its element
        assertThat(html).doesNotContainPattern("(?i)<(script|link|img|iframe)[^>]+(src|href)\\s*=\\s*[\"']?(https?:)?//");
        assertThat(html).contains("echarts");
        // the page tells what it holds even before JavaScript runs
        assertThat(html).contains("<title>etiqueta report: s-html</title>");
    }

    @Test
    void savesUnderTheReportPrefixAndToAFolder(@TempDir Path dir) throws IOException {
        ReportInput input = ReportFixtures.search("s-save", 1, 5);
        Report report = Reports.generator().generate(input);
        try (Store store = Stores.open(dir.resolve("store").toString())) {
            String index = report.saveTo(store);
            assertThat(index).isEqualTo(StoreLayout.reportPrefix("s-save") + "index.html");
            assertThat(store.list(StoreLayout.reportPrefix("s-save"))).containsExactlyInAnyOrder(
                    "reports/s-save/index.html", "reports/s-save/trials.csv", "reports/s-save/trials.json",
                    "reports/s-save/classes.csv", "reports/s-save/summary.json");
            assertThat(store.get("reports/s-save/trials.csv")).hasValue(report.file(Report.TRIALS_CSV));
        }
        Path written = report.writeTo(dir.resolve("out"));
        assertThat(written).isEqualTo(dir.resolve("out/index.html"));
        assertThat(Files.readAllBytes(dir.resolve("out/classes.csv"))).isEqualTo(report.file(Report.CLASSES_CSV));
    }

    @Test
    void comparedSearchesGetTheirOwnIdAndCompareCsv() throws IOException {
        ReportInput a = ReportFixtures.search("s-a", 1, 8), b = ReportFixtures.search("s-b", 2, 6);
        Report report = Reports.generator().generate(new ReportInput(a.search(), a.trials(), a.championExamples(),
                List.of(new ComparedSearch(b.search(), b.trials()))));
        assertThat(report.id()).isEqualTo("s-a-vs-s-b");
        List<CSVRecord> rows = parse(report.file(Report.COMPARE_CSV));
        assertThat(rows).extracting(r -> r.get("search_id")).containsExactly("s-a", "s-b");
        assertThat(Integer.parseInt(rows.get(1).get("trials"))).isEqualTo(6);
        double bestB = b.trials().stream().mapToDouble(t -> b.search().objective().value(t).orElse(-1)).max().orElseThrow();
        assertThat(Double.parseDouble(rows.get(1).get("best_objective"))).isEqualTo(bestB);
    }

    @Test
    void aSearchWithoutFinishedTrialsStillReports() throws IOException {
        ReportInput input = ReportFixtures.search("s-empty", 1, 4);
        ReportInput none = new ReportInput(input.search(), List.of(), null);
        Report report = Reports.generator().generate(none);
        assertThat(parse(report.file(Report.TRIALS_CSV))).isEmpty();
        assertThat(parse(report.file(Report.CLASSES_CSV))).isEmpty();
        assertThatThrownBy(() -> report.file("nope.csv")).hasMessageContaining("has no file nope.csv");
    }

    @Test
    void objectiveDirectionFollowsTheMetric() {
        assertThat(Objective.of("val_accuracy").maximize()).isTrue();
        assertThat(Objective.of("val_loss").maximize()).isFalse();
        ReportInput input = ReportFixtures.search("s-dir", 4, 8);
        SearchSummary byLoss = new SearchSummary("s-dir", "cifar10", Objective.of("val_loss"), null, null, null, null, null, null, null, null, null, null);
        List<TrialRecord> ranked = byLoss.objective().leaderboard(input.trials());
        assertThat(ranked.getFirst().metric("val_loss").getAsDouble())
                .isEqualTo(input.trials().stream().filter(t -> byLoss.objective().value(t).isPresent())
                        .mapToDouble(t -> t.metric("val_loss").getAsDouble()).min().orElseThrow());
    }

    /** The leaderboard (trials.json, trials.csv, the HTML's table) once ignored the search file's tie-breaks. */
    @Test
    void theLeaderboardBreaksTiesAsTheSearchFileSays() throws IOException {
        ReportInput input = ReportFixtures.search("s-ties", 5, 8);
        // every trial that was not failed gets the same val_accuracy: only the tie-break (fewer parameters) can order them
        List<TrialRecord> tied = input.trials().stream().map(t -> t.state() == TrialState.FAILED ? t : sameValAccuracy(t)).toList();
        Objective objective = new Objective("val_accuracy", null, List.of(new Objective.TieBreak("parameters", Goal.MINIMIZE)));
        SearchSummary search = new SearchSummary("s-ties", "cifar10", objective, null, null, null, null, null, null, null, null, null, null);
        Report report = Reports.generator().generate(new ReportInput(search, tied, null));

        List<String> order = parse(report.file(Report.TRIALS_CSV)).stream().map(r -> r.get("trial_id")).toList();
        List<String> expected = tied.stream().filter(t -> t.state() != TrialState.FAILED)
                .sorted(java.util.Comparator.comparingLong(TrialRecord::parameters)).map(TrialRecord::id).toList();
        assertThat(order.subList(0, expected.size())).isEqualTo(expected);
        // later trials have fewer parameters here, so ignoring the tie-break (ordering by number) would fail
        assertThat(expected).isNotEqualTo(tied.stream().filter(t -> t.state() != TrialState.FAILED).map(TrialRecord::id).toList());
        String firstComplete = tied.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .min(java.util.Comparator.comparingLong(TrialRecord::parameters)).orElseThrow().id();
        assertThat(Ranking.champion(search, tied).orElseThrow().id()).isEqualTo(firstComplete);
    }

    private static TrialRecord sameValAccuracy(TrialRecord t) {
        var epochs = t.epochs().stream().map(e -> new io.etiqueta.trial.EpochMetrics(e.epoch(), e.loss(), e.accuracy(), e.valLoss(), 0.5, e.seconds())).toList();
        return new TrialRecord(t.id(), t.searchId(), t.number(), t.state(), t.config(), t.dataset(), t.labels(), epochs, t.bestEpoch(), t.stopReason(),
                t.test(), 500_000L - t.number() * 1000L, t.timing(), t.trainImagesPerSecond(), t.bundleKey(), t.error(), t.started(), t.finished());
    }
}
