package io.etiqueta.bundle;

import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.TestMetrics;
import io.etiqueta.trial.TrialConfig;

import java.time.Instant;
import java.util.List;

/**
 * The readable half of a model bundle ({@code manifest.json}): what the network answers (labels, in output
 * order), what it expects (input spec, applied by {@code io.etiqueta.image.Preprocessor}), how it scored and
 * where it came from.
 *
 * @param networkType "MultiLayerNetwork" or "ComputationGraph", so the right DL4J loader is used
 * @param valAccuracy validation accuracy at the kept epoch
 * @param architecture the network's layer table (null in bundles written before it existed)
 */
public record BundleManifest(
        int formatVersion,
        String modelId,
        Instant created,
        String networkType,
        List<String> labels,
        ImageSpec input,
        TrialConfig config,
        long parameters,
        Double valAccuracy,
        TestMetrics test,
        Provenance provenance,
        Architecture architecture) {

    public static final int FORMAT_VERSION = 1;

    public BundleManifest {
        labels = List.copyOf(labels);
        if (labels.size() < 2) throw new IllegalArgumentException("a bundle needs at least two labels");
    }

    /** A manifest without a layer table. */
    public BundleManifest(int formatVersion, String modelId, Instant created, String networkType, List<String> labels, ImageSpec input,
                          TrialConfig config, long parameters, Double valAccuracy, TestMetrics test, Provenance provenance) {
        this(formatVersion, modelId, created, networkType, labels, input, config, parameters, valAccuracy, test, provenance, null);
    }

    public Double testAccuracy() { return test == null ? null : test.accuracy(); }
}
