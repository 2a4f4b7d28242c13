package io.etiqueta.function.lambda;

import io.etiqueta.function.ErrorBody;
import io.etiqueta.function.LabelRequest;
import io.etiqueta.function.LabelResponse;
import io.etiqueta.function.LabellingException;
import io.etiqueta.function.LabellingService;
import io.etiqueta.function.Problem;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The labelling function on AWS Lambda: a {@link LabelRequest} in, a {@link LabelResponse} out. A request the
 * service cannot answer comes back as a normal response with {@code error} set ({@code status}, {@code code},
 * {@code message}), not as a Lambda invocation error: the caller gets the reason, and the function instance
 * stays warm and keeps serving.
 */
public class LabelFunction {
    private static final Logger LOG = Logger.getLogger(LabelFunction.class);

    @Inject LabellingService service;

    @Funq("label")
    public LabelResponse label(LabelRequest request) {
        try {
            return service.label(request);
        } catch (LabellingException e) {
            return LabelResponse.failed(e.body());
        } catch (RuntimeException e) {
            LOG.error("unexpected failure", e);
            return LabelResponse.failed(new ErrorBody(500, Problem.INTERNAL.name(), "unexpected error: " + e.getClass().getSimpleName()));
        }
    }
}
