package io.etiqueta.function;

import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.inference.Label;
import io.etiqueta.inference.Labeler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LabellingServiceTest {
    @TempDir Path dir;
    private final List<LabellingService> started = new ArrayList<>();

    @AfterEach void close() { started.forEach(LabellingService::close); }

    private LabellingService start(Path store, Duration poll) {
        LabellingService service = LabellingService.start(FunctionSettings.defaults(store.toString())
                .withPollInterval(poll).withBucketRoot(dir.resolve("buckets").toString()));
        started.add(service);
        return service;
    }

    private LabellingService withChampion() {
        Path store = dir.resolve("store");
        TestBundles.promote(store, TestBundles.colours(), "t1", 1);
        return start(store, Duration.ofMinutes(1));
    }

    private static String b64(byte[] bytes) { return Base64.getEncoder().encodeToString(bytes); }

    @Test void labelsEveryFormatWithTheColourItShowsAndNamesTheModel() {
        LabellingService service = withChampion();
        for (String format : List.of("png", "jpg", "gif", "bmp")) {
            for (int c = 0; c < 3; c++) {
                LabelResponse response = service.label(LabelRequest.of(ImageRef.base64(b64(TestBundles.imageFile(c, format))), 3, null));
                assertThat(response.labels()).as(format + " colour " + c).hasSize(3);
                assertThat(response.labels().get(0).label()).as(format).isEqualTo(TestBundles.COLOURS.get(c));
                assertThat(response.labels()).allSatisfy(l -> assertThat(l.confidence()).isBetween(0.0, 1.0));
                assertThat(response.model().version()).isEqualTo("v1");
                assertThat(response.model().modelId()).isEqualTo("colours-v1");
                assertThat(response.model().trainedOn()).isEqualTo("colours");
                assertThat(response.model().testAccuracy()).isEqualTo(0.97);
                assertThat(response.millis()).isNotNull().isPositive();
            }
        }
    }

    @Test void answersExactlyWhatTheBundlesLabelerAnswers(@TempDir Path other) throws Exception {
        LabellingService service = withChampion();
        // what 'etiqueta label' does: read the bundle file and label with infra's Labeler
        ModelBundle fromFile = BundleIO.read(dir.resolve("store/trials/t1/bundle.etq"));
        Labeler labeler = new Labeler(fromFile);
        byte[] image = TestBundles.imageFile(1, "jpg");
        List<Label> expected = labeler.label(image, 3, 0);
        assertThat(service.label(image, 3, null).labels()).isEqualTo(expected);
    }

    @Test void topKAndConfidenceFloorShapeTheAnswer() {
        LabellingService service = withChampion();
        byte[] image = TestBundles.imageFile(2, "png");
        assertThat(service.label(image, 1, null).labels()).extracting(Label::label).containsExactly("blue");
        assertThat(service.label(TestBundles.greyImage(), null, 0.99).labels()).as("a floor nothing reaches").isEmpty();
        assertThat(service.label(image, 10, null).labels()).as("top K beyond the classes").hasSize(3);
        assertThatThrownBy(() -> service.label(image, 0, null)).isInstanceOfSatisfying(LabellingException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.BAD_REQUEST));
        assertThatThrownBy(() -> service.label(image, 1, 1.5)).isInstanceOfSatisfying(LabellingException.class,
                e -> assertThat(e.getMessage()).contains("minConfidence"));
    }

    @Test void labelsABatchAndFailsOnlyTheBadImage() throws Exception {
        LabellingService service = withChampion();
        Path bucket = dir.resolve("buckets/photos");
        Files.createDirectories(bucket.resolve("in"));
        Files.write(bucket.resolve("in/green.png"), TestBundles.imageFile(1, "png"));
        LabelResponse response = service.label(LabelRequest.batch(List.of(
                ImageRef.base64(b64(TestBundles.imageFile(0, "png"))),
                ImageRef.base64(b64(BadInputs.notAnImage())),
                ImageRef.s3("photos", "in/green.png"),
                ImageRef.s3("photos", "in/missing.png"),
                ImageRef.base64("data:image/bmp;base64," + b64(TestBundles.imageFile(2, "bmp")))), 1, null));
        List<ImageResult> results = response.results();
        assertThat(results).hasSize(5);
        assertThat(results.get(0).labels().get(0).label()).isEqualTo("red");
        assertThat(results.get(1).error().code()).isEqualTo("NOT_AN_IMAGE");
        assertThat(results.get(1).error().message()).startsWith("image 1:");
        assertThat(results.get(2).labels().get(0).label()).isEqualTo("green");
        assertThat(results.get(3).error().code()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(results.get(3).error().message()).contains("s3://photos/in/missing.png");
        assertThat(results.get(4).labels().get(0).label()).isEqualTo("blue");
        assertThat(response.model().version()).isEqualTo("v1");
    }

    @Test void aBatchImageIsDecodedAndLabelledAsASingleImageIs() {
        LabellingService service = withChampion();
        byte[] image = TestBundles.imageFile(1, "jpg");
        List<ImageResult> batch = service.label(LabelRequest.batch(List.of(ImageRef.base64(b64(image)), ImageRef.base64(b64(BadInputs.hugeDimensionsPng()))), 2, 0.01)).results();
        assertThat(batch.get(0).labels()).isEqualTo(service.label(image, 2, 0.01).labels());
        // the same decoder (and pixel limit) turns the same image away, with the same words
        LabellingException single = catchThrowableOfType(LabellingException.class, () -> service.label(BadInputs.hugeDimensionsPng(), null, null));
        assertThat(batch.get(1).error()).isEqualTo(new ErrorBody(single.problem().status(), "IMAGE_TOO_LARGE", "image 1: " + single.getMessage()));
        // and the limits are checked once, the same way, for both
        assertProblem(() -> service.label(LabelRequest.batch(List.of(ImageRef.base64(b64(image))), 1, Double.NaN)), Problem.BAD_REQUEST,
                "minConfidence must be within 0..1, got NaN");
        assertProblem(() -> service.label(image, 1, Double.NaN), Problem.BAD_REQUEST, "minConfidence must be within 0..1, got NaN");
    }

    @Test void everyBadInputGetsItsOwnClearError() {
        LabellingService service = withChampion();
        assertProblem(() -> service.label(BadInputs.notAnImage(), null, null), Problem.NOT_AN_IMAGE, "not an image");
        assertProblem(() -> service.label(BadInputs.webp(), null, null), Problem.UNSUPPORTED_FORMAT, "WebP");
        assertProblem(() -> service.label(BadInputs.truncatedJpeg(), null, null), Problem.TRUNCATED, "truncated");
        assertProblem(() -> service.label(BadInputs.truncatedPng(), null, null), Problem.TRUNCATED, "truncated");
        assertProblem(() -> service.label(new byte[0], null, null), Problem.EMPTY_INPUT, "empty");
        assertProblem(() -> service.label(BadInputs.oversized(), null, null), Problem.PAYLOAD_TOO_LARGE, "6 MB");
        assertProblem(() -> service.label(LabelRequest.of(ImageRef.base64(b64(BadInputs.oversizedAsBase64())), null, null)),
                Problem.PAYLOAD_TOO_LARGE, "request too large");
        assertProblem(() -> service.label(BadInputs.hugeDimensionsPng(), null, null), Problem.IMAGE_TOO_LARGE, "100000x100000");
        assertProblem(() -> service.label(LabelRequest.of(ImageRef.s3("photos", "nope.png"), null, null)), Problem.OBJECT_NOT_FOUND, "s3://photos/nope.png");
        assertProblem(() -> service.label(LabelRequest.of(ImageRef.base64("%%% not base64"), null, null)), Problem.BAD_REQUEST, "base64");
        assertProblem(() -> service.label(new LabelRequest(null, null, null, null, null, null)), Problem.EMPTY_INPUT, "no image given");
        assertProblem(() -> service.label(LabelRequest.batch(List.of(), null, null)), Problem.EMPTY_INPUT, "empty batch");
        // the service still answers after all that
        assertThat(service.label(TestBundles.imageFile(0, "png"), 1, null).labels().get(0).label()).isEqualTo("red");
    }

    @Test void saysNoModelPromotedThenPicksUpTheFirstPromotion() {
        Path store = dir.resolve("empty-store");
        LabellingService service = start(store, Duration.ofMillis(200));
        assertProblem(service::model, Problem.NO_MODEL, "no model promoted");
        assertThat(service.health().status()).isEqualTo("DOWN");
        TestBundles.promote(store, TestBundles.colours(), "t1", 1);
        service.refresh();
        assertThat(service.model().version()).isEqualTo("v1");
    }

    @Test void noticesANewPromotionWhileRunning() throws Exception {
        Path store = dir.resolve("store");
        TestBundles.promote(store, TestBundles.colours(), "t1", 1);
        LabellingService service = start(store, Duration.ofMillis(200));
        byte[] image = TestBundles.imageFile(0, "png");
        assertThat(service.label(image, 1, null).model().version()).isEqualTo("v1");
        TestBundles.promote(store, TestBundles.coloursAgain("colours-v2"), "t2", 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        LabelResponse response;
        do {
            Thread.sleep(100);
            response = service.label(image, 1, null);
        } while (!response.model().version().equals("v2") && System.nanoTime() < deadline);
        assertThat(response.model().version()).isEqualTo("v2");
        assertThat(response.model().modelId()).isEqualTo("colours-v2");
        assertThat(response.labels().get(0).label()).isEqualTo("red");
    }

    @Test void storeUnreachableIsAnErrorNowAndRecoversWhenItReturns() throws Exception {
        // a store "folder" that is a file: every read fails the way an unreachable store does
        Path store = dir.resolve("flaky");
        Files.writeString(store, "not a folder");
        LabellingService service = start(store, Duration.ofMillis(200));
        assertProblem(service::model, Problem.STORE_UNAVAILABLE, "cannot be reached");
        assertThat(service.health().lastError().code()).isEqualTo("STORE_UNAVAILABLE");
        Files.delete(store);
        TestBundles.promote(store, TestBundles.colours(), "t1", 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!service.health().up() && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(service.label(TestBundles.imageFile(1, "png"), 1, null).labels().get(0).label()).isEqualTo("green");
        assertThat(service.health().lastError()).isNull();
    }

    @Test void aChampionPointingAtAMissingBundleIsReported() throws Exception {
        Path store = dir.resolve("store");
        TestBundles.promote(store, TestBundles.colours(), "t1", 1);
        Files.delete(store.resolve("trials/t1/bundle.etq"));
        LabellingService service = start(store, Duration.ofMinutes(1));
        assertProblem(service::model, Problem.MODEL_UNUSABLE, "trials/t1/bundle.etq");
    }

    @Test void primingLoadsTheChampionAndLabelsOneImage() {
        Path store = dir.resolve("store");
        // started before the promotion, with a poll that never comes: only prime() can load it
        LabellingService service = start(store, Duration.ofHours(1));
        TestBundles.promote(store, TestBundles.colours(), "t1", 1);
        LabelResponse primed = service.prime();
        assertThat(primed.error()).isNull();
        assertThat(primed.model().version()).isEqualTo("v1");
        assertThat(primed.labels()).hasSize(1);
        assertThat(TestBundles.COLOURS).contains(primed.labels().get(0).label());
        assertThat(service.health().up()).isTrue();
    }

    @Test void primingWithoutAChampionAnswersTheReasonInsteadOfFailing() {
        LabellingService service = start(dir.resolve("empty"), Duration.ofHours(1));
        LabelResponse primed = service.prime();
        assertThat(primed.error().code()).isEqualTo("NO_MODEL");
        assertThat(primed.labels()).isNull();
    }

    private static void assertProblem(Runnable call, Problem problem, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LabellingException.class, e -> {
            assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
            assertThat(e.getMessage()).containsIgnoringCase(messagePart);
        });
    }
}
