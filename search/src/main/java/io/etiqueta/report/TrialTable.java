package io.etiqueta.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etiqueta.json.Json;
import io.etiqueta.trial.Averages;
import io.etiqueta.trial.TestMetrics;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One flat row per trial, the shape of {@code trials.csv}: identity, every configuration field (as
 * {@code config.<field>}, nested ones dotted, lists joined with '-'), the kept epoch's metrics, test metrics,
 * time and how it ended. Config columns come from the record's JSON form, so new config fields appear by themselves.
 */
final class TrialTable {
    private static final ObjectMapper ALL_FIELDS = Json.mapper().copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);

    /** A column's value from the trial and its flattened config (flattened once per row). */
    private record Column(String name, java.util.function.BiFunction<TrialRecord, Map<String, Object>, Object> value) {}

    private final List<Column> columns = new ArrayList<>();

    TrialTable(SearchSummary search) {
        add("trial_id", TrialRecord::id);
        add("number", TrialRecord::number);
        if (!search.generations().isEmpty()) add("generation", t -> search.generations().get(t.id()));
        add("state", t -> t.state() == null ? null : t.state().id());
        add("configuration", t -> t.config() == null ? null : t.config().summary());
        for (String field : configFields()) columns.add(new Column("config." + field, (t, config) -> config.get(field)));
        add("objective", t -> {
            var v = search.objective().value(t);
            return v.isPresent() ? v.getAsDouble() : null;
        });
        add("accuracy", t -> t.best().map(e -> e.accuracy()).orElse(null));
        add("loss", t -> t.best().map(e -> e.loss()).orElse(null));
        add("val_accuracy", t -> t.best().map(e -> e.valAccuracy()).orElse(null));
        add("val_loss", t -> t.best().map(e -> e.valLoss()).orElse(null));
        add("best_epoch", TrialRecord::bestEpoch);
        add("epochs", t -> t.epochs().size());
        add("test_accuracy", t -> test(t, TestMetrics::accuracy));
        add("test_loss", t -> test(t, TestMetrics::loss));
        add("test_macro_precision", t -> averages(t, true, Averages::precision));
        add("test_macro_recall", t -> averages(t, true, Averages::recall));
        add("test_macro_f1", t -> averages(t, true, Averages::f1));
        add("test_weighted_precision", t -> averages(t, false, Averages::precision));
        add("test_weighted_recall", t -> averages(t, false, Averages::recall));
        add("test_weighted_f1", t -> averages(t, false, Averages::f1));
        add("latency_ms", t -> test(t, TestMetrics::latencyMillis));
        add("parameters", TrialRecord::parameters);
        add("seconds", Ranking::seconds);
        add("train_seconds", t -> t.timing() == null ? null : t.timing().trainSeconds());
        add("train_images_per_second", TrialRecord::trainImagesPerSecond);
        add("stop_reason", TrialRecord::stopReason);
        add("error", TrialRecord::error);
        add("dataset", TrialRecord::dataset);
        add("started", t -> t.started() == null ? null : t.started().toString());
        add("finished", t -> t.finished() == null ? null : t.finished().toString());
    }

    private void add(String name, Function<TrialRecord, Object> value) { columns.add(new Column(name, (t, config) -> value.apply(t))); }

    List<String> header() { return columns.stream().map(Column::name).toList(); }

    /** The row's values in header order; null where the trial has none. */
    List<Object> row(TrialRecord trial) {
        List<Object> row = new ArrayList<>(columns.size());
        Map<String, Object> config = trial.config() == null ? Map.of() : flatten(trial.config());
        for (Column c : columns) row.add(c.value().apply(trial, config));
        return row;
    }

    /** Config field names in record order, dotted for nested records. */
    static List<String> configFields() {
        return new ArrayList<>(flatten(TrialConfig.builder().build()).keySet());
    }

    /** The config as dotted field name to a plain value (String, Number, Boolean or null); lists joined with '-'. */
    static Map<String, Object> flatten(TrialConfig config) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", ALL_FIELDS.valueToTree(config), flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var field = it.next();
                String name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                if (field.getValue().isObject()) flatten(name, field.getValue(), into);
                else into.put(name, plain(field.getValue()));
            }
        }
    }

    private static Object plain(JsonNode value) {
        if (value == null || value.isNull()) return null;
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.asText()));
            return String.join("-", parts);
        }
        if (value.isBoolean()) return value.booleanValue();
        if (value.isIntegralNumber()) return value.longValue();
        if (value.isNumber()) return value.doubleValue();
        return value.asText();
    }

    private static Double test(TrialRecord t, Function<TestMetrics, Double> f) { return t.test() == null ? null : f.apply(t.test()); }

    private static Double averages(TrialRecord t, boolean macro, Function<Averages, Double> f) {
        if (t.test() == null) return null;
        Averages a = macro ? t.test().macro() : t.test().weighted();
        return a == null ? null : f.apply(a);
    }
}
