package io.etiqueta.function;

/** What a client sees when a request fails: {@code {"status":415,"code":"NOT_AN_IMAGE","message":"..."}}. */
public record ErrorBody(int status, String code, String message) {

    /**
     * The body of a failure nobody foresaw (a 500), the same from the REST service and the Lambda function: it
     * names the kind of error only, since its message may hold internals the caller has no use for (they are logged).
     */
    public static ErrorBody internal(Throwable unexpected) {
        return new ErrorBody(Problem.INTERNAL.status(), Problem.INTERNAL.name(), "unexpected error: " + unexpected.getClass().getSimpleName());
    }
}
