package io.etiqueta.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.trial.PredictionExamples;
import io.etiqueta.trial.TrialRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a stored search into a {@link ReportInput}: {@code searches/<id>/search.json} for what the search was, every
 * {@code trials/<trialId>/trial.json} under it (the source of truth for trials, whatever their state) and the
 * champion's {@code examples.json} when the trial engine stored one.
 */
public final class StoredSearches {
    private StoredSearches() {}

    /** The search and the ones to compare it with; throws {@link ReportException} naming what is missing or unreadable. */
    public static ReportInput read(Store store, String searchId, List<String> compareIds) {
        Loaded main = load(store, searchId);
        List<ComparedSearch> compared = new ArrayList<>();
        for (String other : compareIds == null ? List.<String>of() : compareIds) {
            if (other.equals(searchId)) throw new ReportException("cannot compare search " + searchId + " with itself");
            Loaded o = load(store, other);
            compared.add(new ComparedSearch(o.summary(), o.trials()));
        }
        PredictionExamples examples = Ranking.champion(main.summary(), main.trials())
                .map(champion -> examples(store, searchId, champion.id()))
                .orElse(null);
        return new ReportInput(main.summary(), main.trials(), examples, compared);
    }

    private record Loaded(SearchSummary summary, List<TrialRecord> trials) {}

    private static Loaded load(Store store, String searchId) {
        if (searchId == null || searchId.isBlank() || searchId.contains("/") || searchId.contains("..")) {
            throw new ReportException("bad search id '" + searchId + "'");
        }
        String key = StoreLayout.searchRecord(searchId);
        byte[] bytes = store.get(key).orElseThrow(() -> ReportException.notFound("no search '" + searchId + "' in " + store.location()
                + " (no " + key + "); 'etiqueta search list' shows the searches there"));
        JsonNode search = readJson(bytes, store, key);
        List<TrialRecord> trials = trials(store, searchId);
        return new Loaded(summary(searchId, search, trials), trials);
    }

    /** Every trial record directly under the search's trials/ folder, in trial order. */
    static List<TrialRecord> trials(Store store, String searchId) {
        String prefix = StoreLayout.searchPrefix(searchId) + "trials/";
        List<TrialRecord> trials = new ArrayList<>();
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            if (!rest.endsWith("/" + StoreLayout.TRIAL_FILE) || rest.indexOf('/') != rest.length() - StoreLayout.TRIAL_FILE.length() - 1) continue;
            byte[] bytes = store.get(key).orElse(null);
            if (bytes == null) continue; // deleted between list and get
            try {
                trials.add(Json.read(bytes, TrialRecord.class));
            } catch (RuntimeException e) {
                throw new ReportException("cannot read trial record " + key + " in " + store.location() + ": " + e.getMessage(), e);
            }
        }
        trials.sort(Comparator.comparingInt(TrialRecord::number).thenComparing(TrialRecord::id));
        return trials;
    }

    private static PredictionExamples examples(Store store, String searchId, String trialId) {
        String key = StoreLayout.examples(searchId, trialId);
        return store.get(key).map(bytes -> {
            try {
                return Json.read(bytes, PredictionExamples.class);
            } catch (RuntimeException e) {
                throw new ReportException("cannot read the examples " + key + " in " + store.location() + ": " + e.getMessage(), e);
            }
        }).orElse(null);
    }

    /** The summary from search.json (docs/search.md) and what the trials say. Unknown or missing fields are left out. */
    static SearchSummary summary(String searchId, JsonNode s, List<TrialRecord> trials) {
        JsonNode spec = s.path("spec");
        String metric = text(spec.path("objective").path("metric"));
        String goal = text(spec.path("objective").path("goal"));
        Objective objective = metric == null ? Objective.of("val_accuracy")
                : goal == null ? Objective.of(metric) : new Objective(metric, goal.toLowerCase(Locale.ROOT).startsWith("max"));
        String strategy = text(spec.path("strategy"));
        String status = text(s.path("status"));
        String reason = text(s.path("statusReason"));
        if (status != null && reason != null) status = status + ": " + reason;
        Map<String, Integer> generations = new HashMap<>();
        int batch = spec.path("batch").asInt(0);
        if ("genetic".equals(strategy) && batch > 0) {
            // a genetic search proposes one generation per batch of trials, numbered from 1
            for (TrialRecord t : trials) if (t.number() >= 1) generations.put(t.id(), (t.number() - 1) / batch);
        }
        return new SearchSummary(searchId, text(spec.path("dataset")), objective, strategy, budget(spec.path("budget"), s, trials),
                spec.hasNonNull("seed") ? spec.get("seed").asLong() : null, status, instant(s.path("created")), instant(s.path("finished")),
                s.hasNonNull("elapsedSeconds") ? s.get("elapsedSeconds").asDouble() : null, text(s.path("bestTrialId")), null, generations);
    }

    /** The budget and how much of it was used: "12 of 20 trials, 0.31 of 2 hours, 40 epochs". */
    private static String budget(JsonNode budget, JsonNode search, List<TrialRecord> trials) {
        long finished = trials.stream().filter(t -> t.state() != null && t.state().finished()).count();
        int epochs = trials.stream().mapToInt(t -> t.epochs().size()).sum();
        double hours = search.path("elapsedSeconds").asDouble(0) / 3600;
        List<String> parts = new ArrayList<>();
        parts.add(finished + (budget.hasNonNull("trials") ? " of " + budget.get("trials").asInt() : "") + " trials");
        if (hours > 0 || budget.hasNonNull("hours")) {
            parts.add(String.format(Locale.ROOT, "%.2f", hours) + (budget.hasNonNull("hours") ? " of " + budget.get("hours").asDouble() : "") + " hours");
        }
        parts.add(epochs + (budget.hasNonNull("epochs") ? " of " + budget.get("epochs").asInt() : "") + " epochs");
        return String.join(", ", parts);
    }

    private static JsonNode readJson(byte[] bytes, Store store, String key) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new ReportException("cannot read " + key + " in " + store.location() + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node) { return node == null || node.isMissingNode() || node.isNull() ? null : node.asText(); }

    private static Instant instant(JsonNode node) {
        String text = text(node);
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
