package io.etiqueta.function;

import io.etiqueta.image.ImageDecoder;

import java.time.Duration;

/**
 * How the labelling service runs. Both applications fill it from {@code application.properties}
 * ({@code etiqueta.*}); tests build it directly.
 *
 * @param store           where champion.json and the bundles are (a folder or s3://bucket/prefix)
 * @param pollInterval    how often champion.json is read to notice a new promotion
 * @param maxRequestBytes the most image bytes one request may carry (Lambda: 6 MB per synchronous request)
 * @param maxObjectBytes  the largest S3 object read as an image
 * @param maxBatch        the most images in one batch request
 * @param maxPixels       the most pixels an image header may declare; checked before decoding
 * @param defaultTopK     labels returned when the request gives no top K
 * @param bucketRoot      when set, bucket {@code B} of an S3 input is read from the store {@code <bucketRoot>/B}
 *                        (a local folder for development, or another s3:// prefix); null: {@code s3://B}
 */
public record FunctionSettings(
        String store,
        Duration pollInterval,
        long maxRequestBytes,
        long maxObjectBytes,
        int maxBatch,
        long maxPixels,
        int defaultTopK,
        String bucketRoot) {

    public static final long LAMBDA_PAYLOAD_LIMIT = 6L * 1024 * 1024;

    public FunctionSettings {
        if (store == null || store.isBlank()) throw new IllegalArgumentException("etiqueta.store is required");
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the champion poll interval must be positive");
        }
        if (maxRequestBytes < 1 || maxObjectBytes < 1) throw new IllegalArgumentException("size limits must be positive");
        if (maxBatch < 1) throw new IllegalArgumentException("the batch limit must be at least 1");
        if (maxPixels < 1) throw new IllegalArgumentException("the pixel limit must be positive");
        if (defaultTopK < 1) throw new IllegalArgumentException("the default top K must be at least 1");
        if (bucketRoot != null && bucketRoot.isBlank()) bucketRoot = null;
    }

    /** The defaults the applications ship with, on the given store. */
    public static FunctionSettings defaults(String store) {
        return new FunctionSettings(store, Duration.ofSeconds(10), LAMBDA_PAYLOAD_LIMIT, 20L * 1024 * 1024, 16,
                ImageDecoder.DEFAULT_MAX_PIXELS, 5, null);
    }

    public FunctionSettings withPollInterval(Duration interval) {
        return new FunctionSettings(store, interval, maxRequestBytes, maxObjectBytes, maxBatch, maxPixels, defaultTopK, bucketRoot);
    }

    public FunctionSettings withBucketRoot(String root) {
        return new FunctionSettings(store, pollInterval, maxRequestBytes, maxObjectBytes, maxBatch, maxPixels, defaultTopK, root);
    }

    public FunctionSettings withLimits(long requestBytes, long objectBytes, int batch, long pixels) {
        return new FunctionSettings(store, pollInterval, requestBytes, objectBytes, batch, pixels, defaultTopK, bucketRoot);
    }
}
