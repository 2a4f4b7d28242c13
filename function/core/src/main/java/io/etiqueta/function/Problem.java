package io.etiqueta.function;

/**
 * Every way a labelling request can fail, with the HTTP status the REST API answers and the Lambda function
 * reports in its error body. Codes are stable strings a client can branch on.
 */
public enum Problem {
    BAD_REQUEST(400, "the request is malformed"),
    INVALID_KEY(400, "the S3 bucket or key is not valid"),
    EMPTY_INPUT(400, "no image bytes were given"),
    NOT_AN_IMAGE(415, "the data is not an image"),
    UNSUPPORTED_FORMAT(415, "the image format is not supported"),
    TRUNCATED(422, "the image file is cut short"),
    UNREADABLE(422, "the image cannot be decoded"),
    IMAGE_TOO_LARGE(413, "the image declares more pixels than allowed"),
    PAYLOAD_TOO_LARGE(413, "the request is larger than allowed"),
    OBJECT_NOT_FOUND(404, "the S3 object does not exist"),
    NO_MODEL(503, "no model has been promoted yet"),
    MODEL_UNUSABLE(503, "the promoted model cannot be loaded"),
    STORE_UNAVAILABLE(503, "the store cannot be reached"),
    INTERNAL(500, "an unexpected error");

    private final int status;
    private final String summary;

    Problem(int status, String summary) {
        this.status = status;
        this.summary = summary;
    }

    public int status() { return status; }

    public String summary() { return summary; }
}
