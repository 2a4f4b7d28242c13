package io.etiqueta.function;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A labelling request, the same JSON for the Lambda function and {@code POST /api/label}. Either one image
 * ({@code image} as base64, or {@code bucket} + {@code key}) or a batch ({@code images}); {@code topK} (default
 * from the settings) and {@code minConfidence} (0..1, default 0) shape the answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelRequest(String image, String bucket, String key, List<ImageRef> images, Integer topK, Double minConfidence) {

    public static LabelRequest of(ImageRef ref, Integer topK, Double minConfidence) {
        return new LabelRequest(ref.image(), ref.bucket(), ref.key(), null, topK, minConfidence);
    }

    public static LabelRequest batch(List<ImageRef> images, Integer topK, Double minConfidence) {
        return new LabelRequest(null, null, null, images, topK, minConfidence);
    }

    boolean isBatch() { return images != null; }

    ImageRef single() { return new ImageRef(image, bucket, key); }
}
