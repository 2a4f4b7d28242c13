package io.etiqueta.search.store;

import io.etiqueta.champion.Champion;
import io.etiqueta.champion.Promotions;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

/** Promotes a search's trial to champion of its store: what 'etiqueta promote' and the quickstart do. */
public final class SearchPromotions {
    private SearchPromotions() {}

    /**
     * Promotes the best complete trial of the search (by its objective and tie-breaks), or the named one. Throws
     * IllegalArgumentException naming the problem when the search or trial is unknown, not complete, or has no bundle.
     */
    public static Champion promote(Store store, String searchId, String trialId, String promotedBy, String note) {
        SearchStore searches = new SearchStore(store);
        SearchRecord search = searches.load(searchId).orElseThrow(() -> new IllegalArgumentException(
                "no search '" + searchId + "' in store " + store.location() + " (see 'etiqueta search list')"));
        TrialRecord trial;
        if (trialId == null) {
            trial = search.spec().objective().best(searches.trials(searchId)).orElseThrow(() -> new IllegalArgumentException(
                    "search " + searchId + " has no complete trial to promote yet"));
        } else {
            trial = searches.trial(searchId, trialId).orElseThrow(() -> new IllegalArgumentException(
                    "search " + searchId + " has no trial '" + trialId + "' (see 'etiqueta search status " + searchId + "')"));
            if (trial.state() != TrialState.COMPLETE) {
                throw new IllegalArgumentException("trial " + trialId + " is " + trial.state().id() + "; only a complete trial can be promoted");
            }
        }
        String bundle = trial.bundleKey() != null ? trial.bundleKey() : StoreLayout.bundle(searchId, trial.id());
        if (!store.exists(bundle)) {
            throw new IllegalArgumentException("trial " + trial.id() + " has no model bundle at " + bundle + " in store " + store.location());
        }
        return new Promotions(store).promote(new Champion(0, null, bundle, searchId + ":" + trial.id(), searchId, trial.id(),
                trial.dataset(), value(trial, "test_accuracy"), value(trial, "val_accuracy"), null, promotedBy, note));
    }

    private static Double value(TrialRecord t, String metric) {
        var v = t.metric(metric);
        return v.isPresent() ? v.getAsDouble() : null;
    }
}
