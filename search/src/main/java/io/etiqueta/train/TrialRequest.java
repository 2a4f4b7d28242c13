package io.etiqueta.train;

import io.etiqueta.trial.TrialConfig;

/**
 * One trial to run: its identity (searchId null for a standalone trial), the dataset path and the configuration.
 *
 * @param epochLimit null to train the configured epochs; else at most this many (a search shrinks a trial its time
 *                   budget cannot fit, and the record says so)
 */
public record TrialRequest(String trialId, String searchId, int number, String dataset, TrialConfig config, Integer epochLimit) {
    public TrialRequest {
        if (epochLimit != null && epochLimit < 1) throw new IllegalArgumentException("epoch limit must be at least 1, got " + epochLimit);
    }

    public TrialRequest(String trialId, String searchId, int number, String dataset, TrialConfig config) {
        this(trialId, searchId, number, dataset, config, null);
    }

    /** The limit when it actually cuts the configured epochs, else null. */
    public Integer effectiveEpochLimit() {
        return epochLimit != null && epochLimit < config.epochs() ? epochLimit : null;
    }
}
