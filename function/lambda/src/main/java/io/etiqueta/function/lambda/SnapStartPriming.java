package io.etiqueta.function.lambda;

import io.etiqueta.function.LabelResponse;
import io.etiqueta.function.LabellingService;
import org.crac.Context;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * Lambda SnapStart's hooks (the CRaC API Lambda's Java runtime calls). Before the snapshot of a published version:
 * load the champion and label one image, so every environment restored from it starts with the model in memory and
 * the labelling path warmed. After each restore: read champion.json at once, because the snapshot may be hours or
 * days old and a newer model may have been promoted since (the regular poll would otherwise answer the first
 * requests with the snapshot's champion).
 */
final class SnapStartPriming implements Resource {
    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    private final LabellingService service;
    private volatile LabelResponse primed;

    SnapStartPriming(LabellingService service) {
        this.service = service;
    }

    @Override public void beforeCheckpoint(Context<? extends Resource> context) {
        LabelResponse response = service.prime();
        primed = response;
        if (response.error() == null) {
            LOG.infof("etiqueta: primed for the snapshot with model %s %s", response.model().modelId(), response.model().version());
        } else {
            // the snapshot is still taken: the first request after restore loads the champion
            LOG.warnf("etiqueta: snapshot without a loaded model: %s %s", response.error().code(), response.error().message());
        }
    }

    @Override public void afterRestore(Context<? extends Resource> context) {
        service.refresh();
        LOG.infof("etiqueta: restored from the snapshot; champion checked: %s", service.health().status());
    }

    /** What the last priming labelled (or why it could not), null before any. */
    LabelResponse primed() { return primed; }
}
