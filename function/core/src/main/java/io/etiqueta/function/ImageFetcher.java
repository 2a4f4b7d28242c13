package io.etiqueta.function;

import io.etiqueta.errors.Failures;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;
import io.etiqueta.storage.Stores;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Turns an {@link ImageRef} into image bytes: decodes base64 or reads the S3 object, enforcing the size limits. */
final class ImageFetcher implements AutoCloseable {
    private final FunctionSettings settings;
    private final Map<String, Store> buckets = new ConcurrentHashMap<>();

    ImageFetcher(FunctionSettings settings) { this.settings = settings; }

    byte[] fetch(ImageRef ref) {
        if (ref == null) throw new LabellingException(Problem.BAD_REQUEST, "a batch entry is null: give {\"image\": base64} or {\"bucket\", \"key\"}");
        boolean hasImage = ref.image() != null;
        boolean hasObject = ref.bucket() != null || ref.key() != null;
        if (hasImage && hasObject) {
            throw new LabellingException(Problem.BAD_REQUEST, "give either image (base64) or bucket and key, not both");
        }
        if (hasObject) return object(ref.bucket(), ref.key());
        if (!hasImage) {
            throw new LabellingException(Problem.EMPTY_INPUT, "no image given: send image (base64 bytes) or bucket and key of an S3 object");
        }
        return base64(ref.image());
    }

    /** Checks raw bytes (REST bodies, uploads) against the request limit. */
    void checkSize(long bytes) {
        if (bytes > settings.maxRequestBytes()) {
            throw new LabellingException(Problem.PAYLOAD_TOO_LARGE, String.format(
                    "request too large: %d bytes, more than the %d allowed (the Lambda limit for one synchronous request is 6 MB); "
                            + "put large images in S3 and send bucket and key", bytes, settings.maxRequestBytes()));
        }
    }

    private byte[] base64(String text) {
        String data = text.strip();
        if (data.startsWith("data:")) {
            int comma = data.indexOf(',');
            if (comma < 0 || !data.substring(0, comma).endsWith(";base64")) {
                throw new LabellingException(Problem.BAD_REQUEST, "a data: URL image must be base64 encoded (data:image/png;base64,...)");
            }
            data = data.substring(comma + 1);
        }
        // the limit is on the request, as Lambda's is: base64 text counts as it travels, before decoding
        checkSize(data.length());
        try {
            // strict, but line breaks (as MIME encoders write them) are allowed
            return Base64.getDecoder().decode(data.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new LabellingException(Problem.BAD_REQUEST, "image is not valid base64: " + Failures.describe(e));
        }
    }

    private byte[] object(String bucket, String key) {
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
            throw new LabellingException(Problem.BAD_REQUEST, "an S3 image needs both bucket and key");
        }
        String where = "s3://" + bucket + "/" + key;
        // refused here, before any network call: a bad key is the caller's mistake, not the store's
        if (!validBucket(bucket)) {
            throw new LabellingException(Problem.INVALID_KEY, "invalid S3 bucket name '" + bucket + "' in " + where
                    + ": 3 to 63 lowercase letters, digits, dots and hyphens");
        }
        Optional<String> badKey = Stores.invalidKey(key);
        if (badKey.isPresent()) throw new LabellingException(Problem.INVALID_KEY, "invalid S3 key '" + key + "': " + badKey.get());
        Optional<InputStream> opened;
        try {
            opened = bucket(bucket).open(key);
        } catch (StoreException e) {
            throw new LabellingException(Problem.STORE_UNAVAILABLE, "cannot read " + where + ": " + Failures.describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new LabellingException(Problem.BAD_REQUEST, "invalid S3 location " + where + ": " + Failures.describe(e), e);
        }
        if (opened.isEmpty()) throw new LabellingException(Problem.OBJECT_NOT_FOUND, "no such S3 object: " + where);
        try (InputStream in = opened.get()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxObjectBytes() + 1));
            if (bytes.length > settings.maxObjectBytes()) {
                throw new LabellingException(Problem.PAYLOAD_TOO_LARGE, String.format(
                        "S3 object %s is larger than the %d bytes allowed for an image", where, settings.maxObjectBytes()));
            }
            return bytes;
        } catch (IOException e) {
            throw new LabellingException(Problem.STORE_UNAVAILABLE, "cannot read " + where + ": " + Failures.describe(e), e);
        }
    }

    private static boolean validBucket(String bucket) {
        return bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    }

    private Store bucket(String bucket) {
        return buckets.computeIfAbsent(bucket, b -> Stores.open(settings.bucketRoot() == null
                ? "s3://" + b : settings.bucketRoot().replaceAll("/+$", "") + "/" + b));
    }

    @Override public void close() {
        buckets.values().forEach(Store::close);
    }
}
