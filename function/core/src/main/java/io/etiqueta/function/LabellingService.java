package io.etiqueta.function;

import io.etiqueta.errors.Failures;
import io.etiqueta.image.ImageRejectedException;
import io.etiqueta.inference.Label;
import io.etiqueta.inference.LabelLimits;
import io.etiqueta.inference.Labeler;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Labels images with the store's champion: the one service behind the Lambda function and the REST API.
 * It loads the champion when started and notices new promotions by polling champion.json (see
 * {@link FunctionSettings#pollInterval()}); every answer names the model version that produced it.
 * Thread-safe. Every failure is a {@link LabellingException} whose {@link Problem} gives the status code.
 */
public final class LabellingService implements AutoCloseable {
    private final FunctionSettings settings;
    private final Store store;
    private final ChampionWatcher watcher;
    private final ImageFetcher fetcher;

    private LabellingService(FunctionSettings settings, Store store) {
        this.settings = settings;
        this.store = store;
        this.fetcher = new ImageFetcher(settings);
        this.watcher = new ChampionWatcher(store, settings.maxPixels(), settings.pollInterval(), Clock.systemUTC());
    }

    /** Opens the store and loads the champion (if there is one yet); never fails for a missing or unreachable store. */
    public static LabellingService start(FunctionSettings settings) {
        return new LabellingService(settings, Stores.open(settings.store()));
    }

    public FunctionSettings settings() { return settings; }

    /** Labels the request's image or batch. */
    public LabelResponse label(LabelRequest request) {
        if (request == null) throw new LabellingException(Problem.EMPTY_INPUT, "empty request: send image (base64) or bucket and key, or images");
        long start = System.nanoTime();
        LabelLimits limits = limits(request.topK(), request.minConfidence());
        if (!request.isBatch()) {
            byte[] bytes = fetcher.fetch(request.single());
            ServedModel model = watcher.current();
            return LabelResponse.single(labelOne(model.labeler(), bytes, limits), model.info(), millisSince(start));
        }
        if (request.image() != null || request.bucket() != null || request.key() != null) {
            throw new LabellingException(Problem.BAD_REQUEST, "give either one image (image, or bucket and key) or a batch (images), not both");
        }
        List<ImageRef> refs = request.images();
        if (refs.isEmpty()) throw new LabellingException(Problem.EMPTY_INPUT, "empty batch: images holds no image");
        if (refs.size() > settings.maxBatch()) {
            throw new LabellingException(Problem.PAYLOAD_TOO_LARGE, "batch of " + refs.size() + " images, more than the " + settings.maxBatch() + " allowed");
        }
        long total = refs.stream().mapToLong(r -> r == null || r.image() == null ? 0 : r.image().length()).sum();
        fetcher.checkSize(total);
        ServedModel model = watcher.current();
        return LabelResponse.batch(labelBatch(model.labeler(), refs, limits), model.info(), millisSince(start));
    }

    /** Labels raw image bytes (a REST body or an upload). */
    public LabelResponse label(byte[] image, Integer topK, Double minConfidence) {
        long start = System.nanoTime();
        LabelLimits limits = limits(topK, minConfidence);
        if (image == null || image.length == 0) throw new LabellingException(Problem.EMPTY_INPUT, "empty body: no image bytes were sent");
        fetcher.checkSize(image.length);
        ServedModel model = watcher.current();
        return LabelResponse.single(labelOne(model.labeler(), image, limits), model.info(), millisSince(start));
    }

    /** The model answering now, or a NO_MODEL / STORE_UNAVAILABLE / MODEL_UNUSABLE failure. */
    public ModelInfo model() { return watcher.current().info(); }

    public Health health() { return watcher.status(); }

    /** Reads champion.json now instead of waiting for the next poll. */
    public void refresh() { watcher.refresh(); }

    /**
     * Readies the service for a snapshot (Lambda SnapStart): reads champion.json, loads the champion, and labels
     * one generated JPEG through the whole path (decoding, preprocessing, the forward pass), so that the code and
     * the natives a request needs are loaded and warmed before the snapshot is taken. Never fails: without a usable
     * champion the answer carries the error and the snapshot is still worth taking (the first request after restore
     * loads the champion).
     */
    public LabelResponse prime() {
        watcher.refresh();
        try {
            return label(PrimingImage.JPEG.clone(), 1, null);
        } catch (LabellingException e) {
            return LabelResponse.failed(e.body());
        }
    }

    /** The request's limits, or the defaults; checked where every caller's are ({@link LabelLimits}). */
    private LabelLimits limits(Integer topK, Double minConfidence) {
        try {
            return new LabelLimits(topK == null ? settings.defaultTopK() : topK, minConfidence == null ? 0 : minConfidence);
        } catch (IllegalArgumentException e) {
            throw new LabellingException(Problem.BAD_REQUEST, e.getMessage());
        }
    }

    private List<Label> labelOne(Labeler labeler, byte[] bytes, LabelLimits limits) {
        try {
            return labeler.label(bytes, limits);
        } catch (ImageRejectedException e) {
            throw rejected(e);
        }
    }

    /**
     * Fetches and decodes each image on its own (one bad image fails alone), then runs one forward pass. Images
     * are decoded by the labeler, as a single image is.
     */
    private List<ImageResult> labelBatch(Labeler labeler, List<ImageRef> refs, LabelLimits limits) {
        ImageResult[] results = new ImageResult[refs.size()];
        List<BufferedImage> decoded = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            try {
                byte[] bytes = fetcher.fetch(refs.get(i));
                try {
                    decoded.add(labeler.decode(bytes));
                } catch (ImageRejectedException e) {
                    throw rejected(e);
                }
                positions.add(i);
            } catch (LabellingException e) {
                results[i] = ImageResult.failed(new ErrorBody(e.problem().status(), e.problem().name(),
                        "image " + i + ": " + Failures.describe(e)));
            }
        }
        if (!decoded.isEmpty()) {
            List<List<Label>> labels = labeler.labelImages(decoded, limits);
            for (int j = 0; j < positions.size(); j++) results[positions.get(j)] = ImageResult.ok(labels.get(j));
        }
        return List.of(results);
    }

    static LabellingException rejected(ImageRejectedException e) {
        Problem problem = switch (e.reason()) {
            case EMPTY -> Problem.EMPTY_INPUT;
            case NOT_AN_IMAGE -> Problem.NOT_AN_IMAGE;
            case UNSUPPORTED_FORMAT -> Problem.UNSUPPORTED_FORMAT;
            case TRUNCATED -> Problem.TRUNCATED;
            case TOO_LARGE -> Problem.IMAGE_TOO_LARGE;
            case UNREADABLE -> Problem.UNREADABLE;
        };
        return new LabellingException(problem, Failures.describe(e), e);
    }

    private static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    }

    @Override public void close() {
        watcher.close();
        fetcher.close();
        store.close();
    }
}
