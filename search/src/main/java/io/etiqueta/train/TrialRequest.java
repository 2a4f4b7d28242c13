package io.etiqueta.train;

import io.etiqueta.trial.TrialConfig;

/** One trial to run: its identity (searchId null for a standalone trial), the dataset path and the configuration. */
public record TrialRequest(String trialId, String searchId, int number, String dataset, TrialConfig config) {}
