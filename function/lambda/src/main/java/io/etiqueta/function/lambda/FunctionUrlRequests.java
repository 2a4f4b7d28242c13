package io.etiqueta.function.lambda;

import io.etiqueta.errors.Failures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.function.ErrorBody;
import io.etiqueta.function.Health;
import io.etiqueta.function.LabelRequest;
import io.etiqueta.function.LabellingException;
import io.etiqueta.function.LabellingService;
import io.etiqueta.function.Problem;
import io.etiqueta.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The function URL's HTTP envelope (payload format 2.0, the one API Gateway HTTP APIs also send): the same routes
 * and answers as the REST service's API, so a backend can switch between them by changing the base URL.
 * <ul>
 *   <li>{@code POST /api/label} (or {@code POST /}) with {@code Content-Type: application/json}: the label request
 *       of a direct invocation; with {@code image/*} or {@code application/octet-stream}: the raw image, options as
 *       query parameters ({@code ?topK=3&minConfidence=0.1});</li>
 *   <li>{@code GET /api/model}, {@code GET /api/health}.</li>
 * </ul>
 * Errors answer their HTTP status with {@code {"status","code","message"}} as the body. Multipart uploads (the
 * REST service's upload page) are not taken: a function URL with AWS_IAM auth is for signed backend calls.
 */
final class FunctionUrlRequests {
    private static final String ROUTES = "POST /api/label, GET /api/model, GET /api/health";

    private FunctionUrlRequests() {}

    /** An HTTP envelope's response: what the function URL turns into the HTTP answer. */
    record HttpResponse(int statusCode, Map<String, String> headers, String body, boolean isBase64Encoded) {
        static HttpResponse json(int status, Object value) {
            return new HttpResponse(status, Map.of("content-type", "application/json"), Json.write(value), false);
        }
    }

    /** True for an event a function URL (or an HTTP API) sent, rather than a direct invocation's label request. */
    static boolean isHttp(JsonNode event) {
        return event != null && event.path("requestContext").path("http").isObject();
    }

    static HttpResponse handle(JsonNode event, LabellingService service) {
        String method = event.path("requestContext").path("http").path("method").asText("").toUpperCase(Locale.ROOT);
        String path = event.path("rawPath").asText("/");
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        try {
            return switch (path) {
                case "/", "/api/label" -> method.equals("POST") ? label(event, service) : notAllowed(method, path, "POST");
                case "/api/model" -> method.equals("GET") ? HttpResponse.json(200, service.model()) : notAllowed(method, path, "GET");
                case "/api/health" -> {
                    if (!method.equals("GET")) yield notAllowed(method, path, "GET");
                    Health health = service.health();
                    yield HttpResponse.json(health.up() ? 200 : 503, health);
                }
                default -> HttpResponse.json(404, new ErrorBody(404, "NOT_FOUND", "no route " + method + " " + path + "; routes: " + ROUTES));
            };
        } catch (LabellingException e) {
            return HttpResponse.json(e.problem().status(), e.body());
        }
    }

    private static HttpResponse label(JsonNode event, LabellingService service) {
        String contentType = header(event, "content-type").toLowerCase(Locale.ROOT);
        byte[] body = body(event);
        if (contentType.startsWith("application/json")) {
            if (body.length == 0) throw new LabellingException(Problem.EMPTY_INPUT, "empty body: send a JSON request, e.g. {\"image\": \"<base64>\"}");
            LabelRequest request;
            try {
                request = Json.mapper().readValue(body, LabelRequest.class);
            } catch (JsonProcessingException e) {
                throw new LabellingException(Problem.BAD_REQUEST, "the body is not a valid label request: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw new LabellingException(Problem.BAD_REQUEST, "cannot read the body: " + Failures.describe(e));
            }
            return HttpResponse.json(200, service.label(request));
        }
        if (contentType.startsWith("image/") || contentType.startsWith("application/octet-stream")) {
            JsonNode query = event.path("queryStringParameters");
            return HttpResponse.json(200, service.label(body, integer(query, "topK"), decimal(query, "minConfidence")));
        }
        String given = contentType.isEmpty() ? "no Content-Type" : "Content-Type " + contentType;
        String hint = contentType.startsWith("multipart/") ? "; multipart uploads go to the REST service (function/rest)" : "";
        return HttpResponse.json(415, new ErrorBody(415, Problem.BAD_REQUEST.name(),
                given + ": send application/json (a label request) or the image itself (image/*, application/octet-stream)" + hint));
    }

    private static HttpResponse notAllowed(String method, String path, String allowed) {
        return new HttpResponse(405, Map.of("content-type", "application/json", "allow", allowed),
                Json.write(new ErrorBody(405, "METHOD_NOT_ALLOWED", method + " " + path + " is not served: use " + allowed)), false);
    }

    /** Function URLs send header names in lower case. */
    private static String header(JsonNode event, String name) {
        return event.path("headers").path(name).asText("");
    }

    /** The body's bytes: function URLs base64-encode any body that is not text. */
    private static byte[] body(JsonNode event) {
        String body = event.path("body").asText("");
        if (!event.path("isBase64Encoded").asBoolean(false)) return body.getBytes(StandardCharsets.UTF_8);
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new LabellingException(Problem.BAD_REQUEST, "the body is marked base64 but is not: " + Failures.describe(e));
        }
    }

    private static Integer integer(JsonNode query, String name) {
        String value = query.path(name).asText(null);
        if (value == null || value.isBlank()) return null;
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new LabellingException(Problem.BAD_REQUEST, name + " must be a whole number, got '" + value + "'");
        }
    }

    private static Double decimal(JsonNode query, String name) {
        String value = query.path(name).asText(null);
        if (value == null || value.isBlank()) return null;
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new LabellingException(Problem.BAD_REQUEST, name + " must be a number, got '" + value + "'");
        }
    }
}
