package io.etiqueta.function.rest;

import io.etiqueta.function.ErrorBody;
import io.etiqueta.json.Json;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure nobody foresaw answers the one 500 body ({@link ErrorBody#internal}) the Lambda function answers too. */
class ProblemMapperTest {
    @Test void anUnexpectedFailureIsTheInternalErrorBody() {
        Response response = new ProblemMapper().unexpected(new IllegalStateException("connection to 10.0.0.7 refused"));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(Json.read((String) response.getEntity(), ErrorBody.class))
                .isEqualTo(ErrorBody.internal(new IllegalStateException()))
                .isEqualTo(new ErrorBody(500, "INTERNAL", "unexpected error: IllegalStateException"));
    }
}
