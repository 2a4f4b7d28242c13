package io.etiqueta.function;

import io.etiqueta.storage.S3TestServer;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service on a real S3-compatible server (S3Proxy, in-process): the champion and its bundle in an S3 store,
 * images as S3 objects, a promotion picked up while running, and the server going away.
 */
class S3LabellingServiceTest {
    private S3TestServer s3;
    private Store store;
    private LabellingService service;

    @BeforeEach void start() {
        s3 = S3TestServer.start().useAsDefault();
        store = Stores.open(s3.location("store"));
    }

    @AfterEach void stop() {
        if (service != null) service.close();
        store.close();
        s3.close();
    }

    private LabellingService startService() {
        // images are read by bucket and key from this same server
        service = LabellingService.start(FunctionSettings.defaults(s3.location("store"))
                .withPollInterval(Duration.ofMillis(200)));
        return service;
    }

    @Test void labelsS3ObjectsWithTheChampionFromAnS3StoreAndPicksUpAPromotion() throws Exception {
        assertThat(TestBundles.promote(store, TestBundles.colours(), "t1").version()).isEqualTo("v1");
        try (Store images = Stores.open(s3.location("images"))) {
            images.put("green.png", TestBundles.imageFile(1, "png"));
            images.put("not-an-image.txt", BadInputs.notAnImage());
        }
        LabellingService service = startService();

        LabelResponse one = service.label(LabelRequest.of(ImageRef.s3(S3TestServer.BUCKET, "images/green.png"), 1, null));
        assertThat(one.labels()).extracting(l -> l.label()).containsExactly("green");
        assertThat(one.model().version()).isEqualTo("v1");
        assertThat(one.model().bundleKey()).isEqualTo("trials/t1/bundle.etq");

        LabelResponse batch = service.label(LabelRequest.batch(List.of(
                ImageRef.s3(S3TestServer.BUCKET, "images/green.png"),
                ImageRef.s3(S3TestServer.BUCKET, "images/missing.png"),
                ImageRef.s3(S3TestServer.BUCKET, "images/not-an-image.txt")), 1, null));
        assertThat(batch.results().get(0).labels().get(0).label()).isEqualTo("green");
        assertThat(batch.results().get(1).error().code()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(batch.results().get(1).error().message()).contains("s3://etiqueta-test/images/missing.png");
        assertThat(batch.results().get(2).error().code()).isEqualTo("NOT_AN_IMAGE");

        assertThat(TestBundles.promote(store, TestBundles.coloursAgain("colours-v2"), "t2").version()).isEqualTo("v2");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!service.model().version().equals("v2") && System.nanoTime() < deadline) Thread.sleep(100);
        LabelResponse after = service.label(LabelRequest.of(ImageRef.s3(S3TestServer.BUCKET, "images/green.png"), 1, null));
        assertThat(after.model().version()).isEqualTo("v2");
        assertThat(after.model().modelId()).isEqualTo("colours-v2");
    }

    @Test void aServerThatGoesAwayIsReportedAndTheLoadedModelKeepsAnswering() throws Exception {
        TestBundles.promote(store, TestBundles.colours(), "t1");
        LabellingService service = startService();
        byte[] red = TestBundles.imageFile(0, "png");
        assertThat(service.label(red, 1, null).model().version()).isEqualTo("v1");

        s3.stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.health().lastError() == null && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(service.health().lastError().code()).isEqualTo("STORE_UNAVAILABLE");
        assertThat(service.health().status()).as("a loaded model keeps serving").isEqualTo("UP");
        assertThat(service.label(red, 1, null).labels().get(0).label()).isEqualTo("red");
        assertThatThrownBy(() -> service.label(LabelRequest.of(ImageRef.s3(S3TestServer.BUCKET, "images/x.png"), 1, null)))
                .isInstanceOfSatisfying(LabellingException.class, e -> assertThat(e.problem()).isEqualTo(Problem.STORE_UNAVAILABLE));
        // with the store down, invalid keys and buckets are still the caller's 400: checked before any network call
        for (ImageRef bad : List.of(ImageRef.s3(S3TestServer.BUCKET, "../../etc/passwd"), ImageRef.s3(S3TestServer.BUCKET, "/etc/passwd"),
                ImageRef.s3(S3TestServer.BUCKET, "a//b.png"), ImageRef.s3("Not_A_Bucket", "x.png"))) {
            assertThatThrownBy(() -> service.label(LabelRequest.of(bad, 1, null)))
                    .isInstanceOfSatisfying(LabellingException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.INVALID_KEY);
                        assertThat(e.problem().status()).isEqualTo(400);
                        assertThat(e.getMessage()).startsWith("invalid S3 ");
                    });
        }
    }

    @Test void anUnreachableS3StoreAtStartIsAClearError() {
        s3.stop();
        LabellingService service = startService();
        assertThatThrownBy(service::model).isInstanceOfSatisfying(LabellingException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.STORE_UNAVAILABLE);
            assertThat(e.getMessage()).contains("s3://etiqueta-test/store");
        });
    }
}
