package io.etiqueta.function;

/** A request the service cannot answer; the problem gives the status code, the message says what to fix. */
public class LabellingException extends RuntimeException {
    private final Problem problem;

    public LabellingException(Problem problem, String message) { this(problem, message, null); }

    public LabellingException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() { return problem; }

    public ErrorBody body() { return new ErrorBody(problem.status(), problem.name(), getMessage()); }
}
