package io.etiqueta.function;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One image to label: either its bytes as base64 ({@code image}, a {@code data:} URL prefix is allowed) or an
 * S3 object ({@code bucket} + {@code key}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageRef(String image, String bucket, String key) {
    public static ImageRef base64(String image) { return new ImageRef(image, null, null); }

    public static ImageRef s3(String bucket, String key) { return new ImageRef(null, bucket, key); }

    /** A short description for error messages; never the bytes themselves. */
    public String describe() {
        if (bucket != null || key != null) return "s3://" + bucket + "/" + key;
        return image == null ? "no image" : "base64 image (" + image.length() + " characters)";
    }
}
