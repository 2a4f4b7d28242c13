package io.etiqueta.function.rest;

import io.etiqueta.errors.Failures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.etiqueta.function.LabelRequest;
import io.etiqueta.function.LabelResponse;
import io.etiqueta.function.LabellingException;
import io.etiqueta.function.LabellingService;
import io.etiqueta.function.Health;
import io.etiqueta.function.Problem;
import io.etiqueta.json.Json;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The JSON API over the labelling service. {@code POST /api/label} takes JSON (base64 or S3, single or batch),
 * a raw image body, or a multipart upload (field {@code image}); all answer the same {@link LabelResponse}.
 * Errors are {@code {"status","code","message"}} with the status as the HTTP status (see {@link ProblemMapper}).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class LabelResource {
    @Inject LabellingService service;

    @POST @Path("/label") @Consumes(MediaType.APPLICATION_JSON)
    public Response labelJson(byte[] body) {
        if (body == null || body.length == 0) throw new LabellingException(Problem.EMPTY_INPUT, "empty body: send a JSON request, e.g. {\"image\": \"<base64>\"}");
        LabelRequest request;
        try {
            request = Json.mapper().readValue(body, LabelRequest.class);
        } catch (JsonProcessingException e) {
            throw new LabellingException(Problem.BAD_REQUEST, "the body is not a valid label request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LabellingException(Problem.BAD_REQUEST, "cannot read the body: " + Failures.describe(e));
        }
        return json(service.label(request));
    }

    @POST @Path("/label") @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM})
    public Response labelBytes(byte[] body, @QueryParam("topK") Integer topK, @QueryParam("minConfidence") Double minConfidence) {
        return json(service.label(body, topK, minConfidence));
    }

    @POST @Path("/label") @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response labelUpload(@RestForm("image") FileUpload image, @RestForm("topK") Integer topK,
                                @RestForm("minConfidence") Double minConfidence) throws IOException {
        if (image == null || image.uploadedFile() == null) {
            throw new LabellingException(Problem.EMPTY_INPUT, "no file in the upload: send the image in the form field 'image'");
        }
        return json(service.label(Files.readAllBytes(image.uploadedFile()), topK, minConfidence));
    }

    @GET @Path("/model")
    public Response model() { return json(service.model()); }

    @GET @Path("/health")
    public Response health() {
        Health health = service.health();
        return Response.status(health.up() ? 200 : 503).entity(json(health).getEntity()).type(MediaType.APPLICATION_JSON).build();
    }

    /** Answers compact JSON bytes: no indentation, and no String to encode again on the way out. */
    static Response json(Object value) {
        try {
            return Response.ok(COMPACT.writeValueAsBytes(value), MediaType.APPLICATION_JSON).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON: " + Failures.describe(e), e);
        }
    }

    private static final ObjectWriter COMPACT = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
}
