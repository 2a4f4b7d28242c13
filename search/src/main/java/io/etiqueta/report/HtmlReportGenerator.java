package io.etiqueta.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etiqueta.json.Json;
import io.etiqueta.trial.ClassMetrics;
import io.etiqueta.trial.TrialRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Writes the report as one self-contained HTML page (ECharts, styles, data and images inline; a content
 * security policy forbids every request but data: images) and the CSV/JSON files behind it.
 */
final class HtmlReportGenerator implements ReportGenerator {
    private static final String ECHARTS_WEBJAR = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").build();

    private final int leadingTrials;

    HtmlReportGenerator(int leadingTrials) { this.leadingTrials = leadingTrials; }

    @Override
    public Report generate(ReportInput input) {
        String id = Reports.reportId(input.search().id(), input.compared().stream().map(c -> c.search().id()).toList());
        ObjectNode model = ReportModel.build(id, input, leadingTrials, Instant.now());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Report.INDEX, html(input, model).getBytes(StandardCharsets.UTF_8));
        files.put(Report.TRIALS_CSV, trialsCsv(input.search(), input.trials()));
        files.put(Report.TRIALS_JSON, Json.bytes(input.search().objective().leaderboard(input.trials())));
        files.put(Report.CLASSES_CSV, classesCsv(Ranking.champion(input.search(), input.trials())));
        files.put(Report.SUMMARY_JSON, Json.bytes(summary(model)));
        if (!input.compared().isEmpty()) files.put(Report.COMPARE_CSV, compareCsv(model));
        return new Report(id, files);
    }

    static byte[] trialsCsv(SearchSummary search, List<TrialRecord> trials) {
        TrialTable table = new TrialTable(search);
        return csv(printer -> {
            printer.printRecord(table.header());
            for (TrialRecord t : search.objective().leaderboard(trials)) printer.printRecord(table.row(t));
        });
    }

    static byte[] classesCsv(Optional<TrialRecord> champion) {
        return csv(printer -> {
            printer.printRecord("trial_id", "label", "precision", "recall", "f1", "support", "best", "worst");
            if (champion.isEmpty() || champion.get().test() == null) return;
            var test = champion.get().test();
            for (ClassMetrics c : test.perClass()) {
                printer.printRecord(champion.get().id(), c.label(), c.precision(), c.recall(), c.f1(), c.support(),
                        test.bestClasses() != null && test.bestClasses().contains(c.label()),
                        test.worstClasses() != null && test.worstClasses().contains(c.label()));
            }
        });
    }

    private static byte[] compareCsv(ObjectNode model) {
        return csv(printer -> {
            printer.printRecord("search_id", "dataset", "strategy", "objective", "maximize", "best_trial_id", "best_objective",
                    "best_test_accuracy", "trials", "complete", "pruned", "failed", "trial_seconds");
            var searches = new ArrayList<JsonNode>();
            searches.add(model.get("main"));
            model.get("compared").forEach(searches::add);
            for (var s : searches) {
                var best = s.get("trials").size() > 0 && !s.get("championId").isNull() ? findTrial(s, s.get("championId").asText()) : null;
                printer.printRecord(s.get("id").asText(), text(s.get("dataset")), text(s.get("strategy")),
                        s.get("objective").get("metric").asText(), s.get("objective").get("maximize").asBoolean(),
                        text(s.get("championId")), best == null ? null : text(best.get("objective")),
                        best == null ? null : text(best.get("testAccuracy")),
                        s.get("counts").get("total").asInt(), s.get("counts").get("complete").asInt(),
                        s.get("counts").get("pruned").asInt(), s.get("counts").get("failed").asInt(), text(s.get("trialSeconds")));
            }
        });
    }

    private static JsonNode findTrial(JsonNode search, String id) {
        for (var t : search.get("trials")) if (t.get("id").asText().equals(id)) return t;
        return null;
    }

    private static String text(JsonNode node) { return node == null || node.isNull() ? null : node.asText(); }

    /** summary.json: the model without per-trial curves, parameters and the gallery's images. */
    private static ObjectNode summary(ObjectNode model) {
        ObjectNode copy = model.deepCopy();
        List<JsonNode> searches = new ArrayList<>();
        searches.add(copy.get("main"));
        copy.get("compared").forEach(searches::add);
        for (var s : searches) for (var t : s.get("trials")) {
            ((ObjectNode) t).remove("curve");
            ((ObjectNode) t).remove("params");
        }
        if (copy.get("champion") instanceof ObjectNode champion) champion.remove("examples");
        return copy;
    }

    private interface CsvBody { void print(CSVPrinter printer) throws IOException; }

    private static byte[] csv(CsvBody body) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSV)) {
            body.print(printer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String html(ReportInput input, ObjectNode model) {
        String title = "etiqueta report: " + input.search().id()
                + (input.compared().isEmpty() ? "" : " compared with " + String.join(", ", input.compared().stream().map(c -> c.search().id()).toList()));
        Map<String, String> parts = Map.of(
                "TITLE", escapeHtml(title),
                "STYLE", resource("report.css"),
                "DATA", embeddedJson(model),
                "ECHARTS", inlineScript(echarts(), "echarts.min.js"),
                "SCRIPT", inlineScript(resource("report.js"), "report.js"));
        // one pass over the template, so text inside an inserted part is never taken for a placeholder
        var matcher = java.util.regex.Pattern.compile("\\{\\{([A-Z]+)}}").matcher(resource("report.html"));
        StringBuilder page = new StringBuilder();
        while (matcher.find()) {
            String part = parts.get(matcher.group(1));
            if (part == null) throw new IllegalStateException("report.html has an unknown placeholder " + matcher.group());
            matcher.appendReplacement(page, java.util.regex.Matcher.quoteReplacement(part));
        }
        matcher.appendTail(page);
        return page.toString();
    }

    /** JSON that is safe inside a script element: no '<' (so no closing tag) and no JS line separators. */
    static String embeddedJson(ObjectNode model) {
        try {
            String json = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(model);
            return json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write report data", e);
        }
    }

    private static String inlineScript(String script, String name) {
        if (script.toLowerCase(java.util.Locale.ROOT).contains("</script")) throw new IllegalStateException(name + " cannot be inlined: it contains </script");
        return script;
    }

    /** ECharts' minified bundle from its webjar on the classpath, read once. */
    static String echarts() { return EchartsHolder.SCRIPT; }

    private static final class EchartsHolder {
        static final String SCRIPT = readEcharts();
    }

    private static String readEcharts() {
        ClassLoader loader = HtmlReportGenerator.class.getClassLoader();
        try (InputStream props = loader.getResourceAsStream(ECHARTS_WEBJAR)) {
            if (props == null) throw new IllegalStateException("the ECharts webjar (org.webjars.npm:echarts) is not on the classpath");
            Properties p = new Properties();
            p.load(props);
            String path = "META-INF/resources/webjars/echarts/" + p.getProperty("version") + "/dist/echarts.min.js";
            try (InputStream js = loader.getResourceAsStream(path)) {
                if (js == null) throw new IllegalStateException("the ECharts webjar has no " + path);
                return new String(js.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ECharts from its webjar", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReportGenerator.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("report resource " + name + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report resource " + name, e);
        }
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
