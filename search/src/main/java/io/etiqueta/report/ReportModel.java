package io.etiqueta.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etiqueta.json.Json;
import io.etiqueta.trial.ClassMetrics;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.PredictionExample;
import io.etiqueta.trial.PredictionExamples;
import io.etiqueta.trial.TestMetrics;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The data a report shows, as one JSON tree: embedded in the HTML for its charts and written as
 * {@code summary.json} (without the per-trial detail). Numbers that are not finite become null.
 */
final class ReportModel {
    private ReportModel() {}

    static ObjectNode build(String reportId, ReportInput input, int leadingTrials, Instant generated) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("reportId", reportId);
        root.put("generated", generated.toString());
        root.put("leadingTrials", leadingTrials);
        root.set("main", search(input.search(), input.trials(), true));
        Optional<TrialRecord> champion = Ranking.champion(input.search(), input.trials());
        root.set("champion", champion.map(t -> champion(t, input.championExamples(), input.championArchitecture())).orElse(null));
        ArrayNode compared = root.putArray("compared");
        for (ComparedSearch other : input.compared()) compared.add(search(other.search(), other.trials(), false));
        return root;
    }

    /** The search's summary and its trials; {@code detailed} adds learning curves and hyperparameter values. */
    static ObjectNode search(SearchSummary s, List<TrialRecord> trials, boolean detailed) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", s.id());
        node.put("dataset", s.dataset() != null ? s.dataset() : trials.stream().map(TrialRecord::dataset).filter(Objects::nonNull).findFirst().orElse(null));
        ObjectNode objective = node.putObject("objective");
        objective.put("metric", s.objective().metric());
        objective.put("maximize", s.objective().maximize());
        node.put("strategy", s.strategy());
        node.put("budget", s.budget());
        if (s.seed() != null) node.put("seed", s.seed());
        node.put("status", s.status());
        Instant started = s.started() != null ? s.started() : trials.stream().map(TrialRecord::started).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        Instant finished = s.finished() != null ? s.finished() : trials.stream().map(TrialRecord::finished).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        node.put("started", started == null ? null : started.toString());
        node.put("finished", finished == null ? null : finished.toString());
        if (s.runSeconds() != null) num(node, "wallSeconds", s.runSeconds());
        else if (started != null && finished != null) num(node, "wallSeconds", Duration.between(started, finished).toMillis() / 1000.0);
        num(node, "trialSeconds", trials.stream().map(Ranking::seconds).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum());

        ObjectNode counts = node.putObject("counts");
        counts.put("total", trials.size());
        for (TrialState state : TrialState.values()) counts.put(state.id(), trials.stream().filter(t -> t.state() == state).count());

        Optional<TrialRecord> champion = Ranking.champion(s, trials);
        node.put("championId", champion.map(TrialRecord::id).orElse(null));
        node.put("championNumber", champion.map(TrialRecord::number).orElse(null));
        node.put("bestFoundBy", champion.map(c -> foundBy(s, c)).orElse(null));
        node.put("hasGenerations", !s.generations().isEmpty());

        List<String> varying = detailed ? varyingParameters(trials) : List.of();
        ArrayNode params = node.putArray("parameters");
        varying.forEach(params::add);

        ArrayNode rows = node.putArray("trials");
        for (TrialRecord t : s.objective().leaderboard(trials)) rows.add(trial(s, t, varying, detailed));
        return node;
    }

    private static ObjectNode trial(SearchSummary s, TrialRecord t, List<String> parameters, boolean detailed) {
        ObjectNode row = Json.mapper().createObjectNode();
        row.put("id", t.id());
        row.put("number", t.number());
        row.put("generation", s.generations().get(t.id()));
        row.put("state", t.state() == null ? null : t.state().id());
        row.put("config", t.config() == null ? null : t.config().summary());
        var value = s.objective().value(t);
        num(row, "objective", value.isPresent() ? value.getAsDouble() : null);
        var kept = t.best();
        num(row, "accuracy", kept.map(EpochMetrics::accuracy).orElse(null));
        num(row, "loss", kept.map(EpochMetrics::loss).orElse(null));
        // a cross-validated trial's validation numbers are its folds' means (its final fit held nothing out)
        var cv = t.crossValidation();
        num(row, "valAccuracy", cv != null ? Double.valueOf(cv.meanValAccuracy()) : kept.map(EpochMetrics::valAccuracy).orElse(null));
        num(row, "valLoss", cv != null ? Double.valueOf(cv.meanValLoss()) : kept.map(EpochMetrics::valLoss).orElse(null));
        if (cv != null) {
            row.put("folds", cv.folds());
            num(row, "cvStd", cv.stdValAccuracy());
        }
        num(row, "testAccuracy", t.test() == null ? null : t.test().accuracy());
        num(row, "testF1", t.test() == null || t.test().macro() == null ? null : t.test().macro().f1());
        num(row, "seconds", Ranking.seconds(t));
        row.put("epochs", t.epochs().size());
        row.put("bestEpoch", t.bestEpoch());
        row.put("stopReason", t.stopReason());
        row.put("error", t.error());
        row.put("finished", t.finished() == null ? null : t.finished().toString());
        if (detailed) {
            ObjectNode values = row.putObject("params");
            if (t.config() != null) {
                Map<String, Object> flat = TrialTable.flatten(t.config());
                for (String p : parameters) values.putPOJO(p, flat.get(p));
            }
            ArrayNode curve = row.putArray("curve");
            for (EpochMetrics e : t.epochs()) {
                ArrayNode point = curve.addArray();
                point.add(e.epoch());
                addNum(point, e.accuracy());
                addNum(point, e.loss());
                addNum(point, e.valAccuracy());
                addNum(point, e.valLoss());
            }
        }
        return row;
    }

    private static ObjectNode champion(TrialRecord t, PredictionExamples examples, io.etiqueta.bundle.Architecture architecture) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", t.id());
        node.put("number", t.number());
        node.put("config", t.config() == null ? null : t.config().summary());
        if (architecture != null) {
            ObjectNode a = node.putObject("architecture");
            a.put("parameters", architecture.parameters());
            a.put("trainable", architecture.trainable());
            ArrayNode layers = a.putArray("layers");
            for (var l : architecture.layers()) {
                ObjectNode o = layers.addObject();
                o.put("name", l.name());
                o.put("type", l.type());
                o.put("shape", l.outputShape());
                o.put("parameters", l.parameters());
                o.put("trainable", l.trainable());
                ArrayNode inputs = o.putArray("inputs");
                l.inputs().forEach(inputs::add);
            }
        }
        if (t.crossValidation() != null) {
            var cv = t.crossValidation();
            ObjectNode c = node.putObject("crossValidation");
            c.put("folds", cv.folds());
            num(c, "meanValAccuracy", cv.meanValAccuracy());
            num(c, "stdValAccuracy", cv.stdValAccuracy());
            num(c, "meanValLoss", cv.meanValLoss());
            num(c, "stdValLoss", cv.stdValLoss());
            c.put("chosenEpochs", cv.chosenEpochs());
            ArrayNode folds = c.putArray("results");
            for (var f : cv.results()) folds.add(Json.mapper().valueToTree(f));
        }
        TestMetrics test = t.test();
        if (test != null) {
            ObjectNode tm = node.putObject("test");
            tm.put("examples", test.examples());
            num(tm, "accuracy", test.accuracy());
            num(tm, "loss", test.loss());
            num(tm, "latencyMillis", test.latencyMillis());
            ArrayNode labels = tm.putArray("labels");
            test.labels().forEach(labels::add);
            if (test.macro() != null) tm.set("macro", Json.mapper().valueToTree(test.macro()));
            if (test.weighted() != null) tm.set("weighted", Json.mapper().valueToTree(test.weighted()));
            ArrayNode matrix = tm.putArray("confusion");
            if (test.confusion() != null) for (int[] r : test.confusion()) {
                ArrayNode a = matrix.addArray();
                for (int v : r) a.add(v);
            }
            ArrayNode perClass = tm.putArray("perClass");
            for (ClassMetrics c : test.perClass()) {
                ObjectNode cm = perClass.addObject();
                cm.put("label", c.label());
                num(cm, "precision", c.precision());
                num(cm, "recall", c.recall());
                num(cm, "f1", c.f1());
                cm.put("support", c.support());
            }
            ArrayNode best = tm.putArray("bestClasses");
            if (test.bestClasses() != null) test.bestClasses().forEach(best::add);
            ArrayNode worst = tm.putArray("worstClasses");
            if (test.worstClasses() != null) test.worstClasses().forEach(worst::add);
        }
        ObjectNode gallery = node.putObject("examples");
        gallery.set("misclassified", examples(examples == null ? List.of() : examples.misclassified()));
        gallery.set("confidentlyCorrect", examples(examples == null ? List.of() : examples.confidentlyCorrect()));
        gallery.set("hardestPerClass", examples(examples == null ? List.of() : examples.hardestPerClass()));
        return node;
    }

    private static ArrayNode examples(List<PredictionExample> list) {
        ArrayNode array = Json.mapper().createArrayNode();
        if (list == null) return array;
        for (PredictionExample e : list) {
            if (e.png() == null || !e.png().matches("[A-Za-z0-9+/=\\s]*")) continue; // only base64 goes into a data: URL
            ObjectNode o = array.addObject();
            o.put("png", e.png().replaceAll("\\s", ""));
            o.put("trueLabel", e.trueLabel());
            o.put("predictedLabel", e.predictedLabel());
            num(o, "confidence", e.confidence());
        }
        return array;
    }

    /** How the champion came about, in words. */
    static String foundBy(SearchSummary s, TrialRecord champion) {
        if (s.bestFoundBy() != null && !s.bestFoundBy().isBlank()) return s.bestFoundBy();
        String trial = "trial #" + champion.number();
        Integer generation = s.generations().get(champion.id());
        if ("genetic".equals(s.strategy()) && generation != null) {
            return generation == 0 ? "genetic search: " + trial + ", drawn at random for the first generation"
                    : "genetic search: " + trial + ", bred in generation " + generation + " from the fittest of the generation before";
        }
        if ("random".equals(s.strategy())) return "random search: " + trial + ", drawn at random from the space";
        if ("grid".equals(s.strategy())) return "grid search: " + trial + ", one point of the grid";
        return s.strategy() == null ? trial : s.strategy() + " search: " + trial;
    }

    /** Config fields (dotted) whose values differ between trials, in config order; the seed is left out as noise. */
    static List<String> varyingParameters(List<TrialRecord> trials) {
        Map<String, Set<Object>> seen = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            if (t.config() == null) continue;
            TrialConfig c = t.config();
            TrialTable.flatten(c).forEach((k, v) -> seen.computeIfAbsent(k, x -> new HashSet<>()).add(v == null ? "∅" : v));
        }
        List<String> varying = new ArrayList<>();
        seen.forEach((k, values) -> { if (values.size() > 1 && !k.equals("seed")) varying.add(k); });
        return varying;
    }

    private static void num(ObjectNode node, String field, Double value) {
        if (value == null || !Double.isFinite(value)) node.putNull(field);
        else node.put(field, value);
    }

    private static void addNum(ArrayNode array, double value) {
        if (Double.isFinite(value)) array.add(value);
        else array.addNull();
    }
}
