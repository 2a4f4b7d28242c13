package io.etiqueta.search.execution;

import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.spec.StrategyKind;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.bundle.BundleIO;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Warm start: the finished trials of earlier searches on the same dataset, told to a new search's strategy before it
 * proposes anything, so it starts from what is known instead of from scratch (and never retrains a known
 * configuration). "The same dataset" means the same content fingerprint ({@code io.etiqueta.data.Fingerprint}), not
 * the same path: an earlier search on other data would mislead the strategy, so it is refused.
 */
public final class WarmStart {
    private WarmStart() {}

    /**
     * Checks that every earlier search exists and trained on this search's dataset; throws IllegalArgumentException
     * naming the first that does not.
     *
     * @param fingerprint a dataset path's content fingerprint (loads the dataset; throws when it cannot be read)
     */
    public static void check(SearchStore searches, SearchSpec spec, Function<String, String> fingerprint) {
        if (spec.warmStart().isEmpty()) return;
        if (spec.strategy() == StrategyKind.GRID) {
            throw new IllegalArgumentException("--warm-start needs a random or genetic search: a grid trains its whole table");
        }
        String ours = fingerprint.apply(spec.dataset());
        for (String id : spec.warmStart()) {
            SearchRecord earlier = searches.load(id).orElseThrow(() -> new IllegalArgumentException(
                    "--warm-start: no search '" + id + "' in store " + searches.store().location()));
            String theirs = fingerprintOf(searches, earlier).orElseGet(() -> {
                try {
                    return fingerprint.apply(earlier.spec().dataset());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--warm-start: cannot tell which data search " + id + " trained on (no complete trial, and "
                            + earlier.spec().dataset() + " cannot be read: " + e.getMessage() + ")");
                }
            });
            if (!theirs.equals(ours)) {
                throw new IllegalArgumentException("--warm-start: search " + id + " trained on another dataset (" + earlier.spec().dataset()
                        + ", fingerprint " + theirs + ") than this one (" + spec.dataset() + ", fingerprint " + ours + "); warm start only from the same data");
            }
        }
    }

    /** The fingerprint recorded in the bundle of one of the search's complete trials, if it has one. */
    static Optional<String> fingerprintOf(SearchStore searches, SearchRecord search) {
        for (TrialRecord t : searches.trials(search.id())) {
            if (t.state() != TrialState.COMPLETE || t.bundleKey() == null) continue;
            Optional<InputStream> in = searches.store().open(t.bundleKey());
            if (in.isEmpty()) continue;
            try (InputStream s = in.get()) {
                String f = BundleIO.readManifest(s, t.bundleKey()).provenance().datasetFingerprint();
                if (f != null) return Optional.of(f);
            } catch (IOException | RuntimeException e) {
                // an unreadable bundle: try the next trial
            }
        }
        return Optional.empty();
    }

    /**
     * The finished trials of the earlier searches that had ended before {@code before} (this search's creation), in
     * search then trial order: the same list every time the search is resumed, so it proposes the same again.
     */
    public static List<TrialRecord> trials(SearchStore searches, SearchSpec spec, Instant before) {
        List<TrialRecord> out = new ArrayList<>();
        for (String id : spec.warmStart()) {
            for (TrialRecord t : searches.trials(id)) {
                if (t.state().finished() && t.config() != null && (before == null || t.finished() == null || t.finished().isBefore(before))) out.add(t);
            }
        }
        return out;
    }
}
