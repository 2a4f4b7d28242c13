package io.etiqueta.function.lambda;

import io.etiqueta.function.FunctionSettings;
import io.etiqueta.function.LabelResponse;
import io.etiqueta.function.LabellingService;
import io.etiqueta.function.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart's two hooks, called in the JVM as Lambda's runtime calls them around a snapshot. The poll interval is an
 * hour, so only the hooks can have loaded what the assertions see. What only AWS can show (the snapshot itself,
 * /tmp and the natives restored with it, the hooks actually being called) is listed in docs/function.md.
 */
class SnapStartPrimingTest {
    @TempDir Path dir;

    private LabellingService start(Path store) {
        return LabellingService.start(FunctionSettings.defaults(store.toString()).withPollInterval(Duration.ofHours(1)));
    }

    @Test void beforeTheSnapshotTheChampionIsLoadedAndOneImageLabelled() {
        Path store = dir.resolve("store");
        try (LabellingService service = start(store)) {
            // promoted after the service started (as after an init that found no champion): only priming loads it
            TestBundles.promote(store, TestBundles.colours(), "t1", 1);
            SnapStartPriming priming = new SnapStartPriming(service);
            priming.beforeCheckpoint(null);

            LabelResponse primed = priming.primed();
            assertThat(primed.error()).isNull();
            assertThat(primed.model().version()).isEqualTo("v1");
            assertThat(primed.labels()).hasSize(1);
            assertThat(service.health().up()).isTrue();
            assertThat(service.model().modelId()).isEqualTo("colours-v1");
        }
    }

    @Test void afterARestoreTheChampionPromotedSinceTheSnapshotAnswersTheFirstRequest() {
        Path store = dir.resolve("store");
        TestBundles.promote(store, TestBundles.colours(), "t1", 1);
        try (LabellingService service = start(store)) {
            SnapStartPriming priming = new SnapStartPriming(service);
            priming.beforeCheckpoint(null);
            assertThat(service.model().version()).isEqualTo("v1");

            // the snapshot sits while a new model is promoted; then an environment is restored from it
            TestBundles.promote(store, TestBundles.coloursAgain("colours-v2"), "t2", 2);
            priming.afterRestore(null);

            LabelResponse first = service.label(TestBundles.imageFile(0, "png"), 1, null);
            assertThat(first.model().version()).isEqualTo("v2");
            assertThat(first.model().modelId()).isEqualTo("colours-v2");
            assertThat(first.labels().get(0).label()).isEqualTo("red");
        }
    }

    @Test void aSnapshotWithoutAChampionIsStillTakenAndTheRestoreLoadsTheFirstPromotion() {
        Path store = dir.resolve("store");
        try (LabellingService service = start(store)) {
            SnapStartPriming priming = new SnapStartPriming(service);
            priming.beforeCheckpoint(null);
            assertThat(priming.primed().error().code()).isEqualTo("NO_MODEL");

            TestBundles.promote(store, TestBundles.colours(), "t1", 1);
            priming.afterRestore(null);
            assertThat(service.health().up()).isTrue();
            assertThat(service.model().version()).isEqualTo("v1");
        }
    }
}
