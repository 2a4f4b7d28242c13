package io.etiqueta.function;

import io.etiqueta.bundle.BundleManifest;
import io.etiqueta.champion.Champion;
import io.etiqueta.inference.Labeler;

/** A loaded champion: the pointer it came from, its labeler, and the description every answer carries. */
record ServedModel(Champion champion, Labeler labeler, ModelInfo info) {

    static ServedModel of(Champion champion, Labeler labeler) {
        BundleManifest m = labeler.bundle().manifest();
        String dataset = champion.dataset() != null ? champion.dataset()
                : m.provenance() == null ? null : m.provenance().dataset();
        Double test = champion.testAccuracy() != null ? champion.testAccuracy() : m.testAccuracy();
        Double val = champion.valAccuracy() != null ? champion.valAccuracy() : m.valAccuracy();
        String version = champion.version() != null ? champion.version() : "v" + champion.sequence();
        String modelId = champion.modelId() != null ? champion.modelId() : m.modelId();
        ModelInfo info = new ModelInfo(modelId, version, champion.sequence(), dataset, test, val,
                m.config() == null ? m.networkType() : m.config().summary(), m.input().toString(), m.labels(),
                champion.bundleKey(), champion.promotedAt());
        return new ServedModel(champion, labeler, info);
    }
}
