package io.etiqueta.function.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.function.ErrorBody;
import io.etiqueta.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure nobody foresaw answers the one 500 body ({@link ErrorBody#internal}) the REST service answers too, for
 * both kinds of event. No Quarkus here: a function without its service fails on every request.
 */
class UnexpectedFailureTest {
    private final LabelFunction broken = new LabelFunction(); // its service is never injected: a NullPointerException

    @Test void aDirectInvocationGetsTheInternalErrorBody() {
        JsonNode answer = broken.label(Json.mapper().createObjectNode().put("image", "aGVsbG8="));
        assertThat(Json.mapper().convertValue(answer.get("error"), ErrorBody.class))
                .isEqualTo(ErrorBody.internal(new NullPointerException()))
                .isEqualTo(new ErrorBody(500, "INTERNAL", "unexpected error: NullPointerException"));
        assertThat(answer.has("labels")).isFalse();
    }

    @Test void aFunctionUrlRequestGetsStatus500WithTheSameBody() throws Exception {
        JsonNode event = Json.mapper().readTree("{\"rawPath\": \"/api/model\", \"requestContext\": {\"http\": {\"method\": \"GET\"}}}");
        JsonNode answer = broken.label(event);
        assertThat(answer.get("statusCode").asInt()).isEqualTo(500);
        assertThat(answer.get("headers").get("content-type").asText()).isEqualTo("application/json");
        assertThat(Json.mapper().readValue(answer.get("body").asText(), ErrorBody.class)).isEqualTo(ErrorBody.internal(new NullPointerException()));
    }
}
