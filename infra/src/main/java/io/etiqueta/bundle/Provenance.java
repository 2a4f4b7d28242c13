package io.etiqueta.bundle;

/** Where a model came from: enough to find its trial and reproduce it. */
public record Provenance(
        String dataset,
        String datasetFingerprint,
        long seed,
        String trialId,
        String searchId,
        String etiquetaVersion,
        String dl4jVersion,
        String javaVersion,
        String host) {}
