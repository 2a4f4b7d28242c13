package io.etiqueta.function;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Health of the service: "UP" while a model is loaded (even when the last poll of the store failed, which
 * {@code lastError} then says), "DOWN" without one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Health(String status, ModelInfo model, ErrorBody lastError, Instant lastCheck, String store) {
    public boolean up() { return "UP".equals(status); }
}
