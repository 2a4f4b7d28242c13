package io.etiqueta.function.rest;

import io.etiqueta.errors.Failures;
import io.etiqueta.function.ErrorBody;
import io.etiqueta.function.LabellingException;
import io.etiqueta.function.Problem;
import io.etiqueta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure becomes a JSON error body with the matching status; never a stack trace. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response labelling(LabellingException e) { return error(e.body()); }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 413 -> "request too large: put large images in S3 and send bucket and key";
            case 415 -> "unsupported content type: send JSON, an image body (image/*) or a multipart upload";
            case 404 -> "no such endpoint: see /api/label, /api/model, /api/health";
            case 405 -> "method not allowed here";
            default -> Failures.describe(e);
        };
        String code = status == 413 ? Problem.PAYLOAD_TOO_LARGE.name() : status < 500 ? Problem.BAD_REQUEST.name() : Problem.INTERNAL.name();
        return error(new ErrorBody(status, code, message));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return error(ErrorBody.internal(e));
    }

    static Response error(ErrorBody body) {
        return Response.status(body.status()).entity(Json.write(body)).type(MediaType.APPLICATION_JSON).build();
    }
}
