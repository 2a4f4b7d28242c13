package io.etiqueta.function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorBodyTest {
    @Test void theInternalErrorBodyNamesTheKindOfErrorAndNothingOfItsMessage() {
        ErrorBody body = ErrorBody.internal(new IllegalStateException("connection to 10.0.0.7 refused, token abc123"));
        assertThat(body).isEqualTo(new ErrorBody(500, "INTERNAL", "unexpected error: IllegalStateException"));
        assertThat(body.status()).isEqualTo(Problem.INTERNAL.status());
    }
}
