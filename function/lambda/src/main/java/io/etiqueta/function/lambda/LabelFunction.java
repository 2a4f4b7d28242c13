package io.etiqueta.function.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.function.ErrorBody;
import io.etiqueta.function.LabelRequest;
import io.etiqueta.function.LabelResponse;
import io.etiqueta.function.LabellingException;
import io.etiqueta.function.LabellingService;
import io.etiqueta.function.Problem;
import io.etiqueta.json.Json;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The labelling function on AWS Lambda. Two kinds of event reach it:
 * <ul>
 *   <li>a direct invocation ({@code lambda:InvokeFunction}): a {@link LabelRequest} in, a {@link LabelResponse} out.
 *       A request the service cannot answer comes back as a normal response with {@code error} set ({@code status},
 *       {@code code}, {@code message}), not as a Lambda invocation error: the caller gets the reason, and the
 *       function instance stays warm and keeps serving;</li>
 *   <li>an HTTP request through the function URL: its envelope is answered with an HTTP status and body, as the
 *       REST service would ({@link FunctionUrlRequests}).</li>
 * </ul>
 * Both are read as a JSON tree first, so a malformed request is a clear 400, never an unhandled invocation error.
 */
public class LabelFunction {
    private static final Logger LOG = Logger.getLogger(LabelFunction.class);

    @Inject LabellingService service;

    @Funq("label")
    public JsonNode label(JsonNode event) {
        try {
            if (FunctionUrlRequests.isHttp(event)) return Json.mapper().valueToTree(FunctionUrlRequests.handle(event, service));
            return Json.mapper().valueToTree(direct(event));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure", e);
            ErrorBody internal = ErrorBody.internal(e);
            return Json.mapper().valueToTree(FunctionUrlRequests.isHttp(event)
                    ? FunctionUrlRequests.HttpResponse.json(internal.status(), internal) : LabelResponse.failed(internal));
        }
    }

    private LabelResponse direct(JsonNode event) {
        try {
            LabelRequest request = event == null || event.isNull() ? null : Json.mapper().treeToValue(event, LabelRequest.class);
            return service.label(request);
        } catch (JsonProcessingException e) {
            return LabelResponse.failed(new ErrorBody(400, Problem.BAD_REQUEST.name(), "the event is not a valid label request: " + e.getOriginalMessage()));
        } catch (LabellingException e) {
            return LabelResponse.failed(e.body());
        }
    }
}
