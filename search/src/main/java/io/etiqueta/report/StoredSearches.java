package io.etiqueta.report;

import io.etiqueta.bundle.Architecture;
import io.etiqueta.bundle.BundleIO;
import io.etiqueta.errors.Failures;
import io.etiqueta.json.Json;
import io.etiqueta.search.spec.Budget;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.trial.PredictionExamples;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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
        for (String other : new java.util.LinkedHashSet<>(compareIds == null ? List.<String>of() : compareIds)) {
            if (other.equals(searchId)) throw new ReportException("cannot compare search " + searchId + " with itself");
            Loaded o = load(store, other);
            compared.add(new ComparedSearch(o.summary(), o.trials()));
        }
        PredictionExamples examples = Ranking.champion(main.summary(), main.trials())
                .map(champion -> examples(store, searchId, champion.id()))
                .orElse(null);
        Architecture architecture = Ranking.champion(main.summary(), main.trials())
                .map(champion -> architecture(store, champion))
                .orElse(null);
        return new ReportInput(main.summary(), main.trials(), examples, compared, architecture);
    }

    private record Loaded(SearchSummary summary, List<TrialRecord> trials) {}

    private static Loaded load(Store store, String searchId) {
        if (searchId == null || searchId.isBlank() || searchId.contains("/") || searchId.contains("..")) {
            throw new ReportException("bad search id '" + searchId + "'");
        }
        String key = StoreLayout.searchRecord(searchId);
        SearchRecord search;
        try {
            search = new SearchStore(store).load(searchId).orElseThrow(() -> ReportException.notFound("no search '" + searchId + "' in "
                    + store.location() + " (no " + key + "); 'etiqueta search list' shows the searches there"));
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new ReportException("cannot read " + key + " in " + store.location() + ": " + Failures.describe(e), e);
        }
        List<TrialRecord> trials = trials(store, searchId);
        return new Loaded(summary(search, trials), trials);
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
                TrialRecord read = Json.read(bytes, TrialRecord.class);
                // a running trial's curve so far is in its progress file (the record gets its epochs only when final)
                trials.add(read.state() != TrialState.RUNNING ? read
                        : new SearchStore(store).progress(searchId, read.id()).map(p -> read.withEpochs(p.epochs())).orElse(read));
            } catch (RuntimeException e) {
                throw new ReportException("cannot read trial record " + key + " in " + store.location() + ": " + Failures.describe(e), e);
            }
        }
        trials.sort(Comparator.comparingInt(TrialRecord::number).thenComparing(TrialRecord::id));
        return trials;
    }

    /** The layer table in the champion's bundle manifest (its first entry: the network is not read); null when there is none. */
    private static Architecture architecture(Store store, TrialRecord champion) {
        if (champion.bundleKey() == null) return null;
        var opened = store.open(champion.bundleKey());
        if (opened.isEmpty()) return null;
        try (var in = opened.get()) {
            return BundleIO.readManifest(in, champion.bundleKey()).architecture();
        } catch (java.io.IOException | RuntimeException e) {
            return null; // the report goes on without the diagram
        }
    }

    private static PredictionExamples examples(Store store, String searchId, String trialId) {
        String key = StoreLayout.examples(searchId, trialId);
        return store.get(key).map(bytes -> {
            try {
                return Json.read(bytes, PredictionExamples.class);
            } catch (RuntimeException e) {
                throw new ReportException("cannot read the examples " + key + " in " + store.location() + ": " + Failures.describe(e), e);
            }
        }).orElse(null);
    }

    /** The summary from the search record (docs/search.md) and what its trials say. */
    static SearchSummary summary(SearchRecord search, List<TrialRecord> trials) {
        SearchSpec spec = search.spec();
        String status = search.status() == null ? null : search.status().id() + (search.statusReason() == null ? "" : ": " + search.statusReason());
        return new SearchSummary(search.id(), spec.dataset(), spec.objective(), spec.strategy().id(), budget(spec.budget(), search, trials),
                spec.seed(), status, search.created(), search.finished(), search.elapsedSeconds() > 0 ? search.elapsedSeconds() : null,
                search.bestTrialId(), null, Generations.of(search, trials));
    }

    /** The budget and how much of it was used: "12 of 20 trials, 18.6 min of 2 h running, 40 epochs". */
    private static String budget(Budget budget, SearchRecord search, List<TrialRecord> trials) {
        long finished = trials.stream().filter(t -> t.state() != null && t.state().finished()).count();
        int epochs = trials.stream().mapToInt(t -> t.epochs().size()).sum();
        double seconds = search.elapsedSeconds();
        List<String> parts = new ArrayList<>();
        parts.add(finished + (budget.trials() != null ? " of " + budget.trials() : "") + " trials");
        if (seconds > 0 || budget.hours() != null) {
            parts.add(duration(seconds) + (budget.hours() != null ? " of " + duration(budget.hours() * 3600) : "") + " running");
        }
        parts.add(epochs + (budget.epochs() != null ? " of " + budget.epochs() : "") + " epochs");
        return String.join(", ", parts);
    }

    static String duration(double seconds) {
        if (seconds < 120) return String.format(Locale.ROOT, "%.0f s", seconds);
        if (seconds < 3600) return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        double hours = seconds / 3600;
        return hours == Math.rint(hours) ? String.format(Locale.ROOT, "%.0f h", hours) : String.format(Locale.ROOT, "%.2f h", hours);
    }
}
