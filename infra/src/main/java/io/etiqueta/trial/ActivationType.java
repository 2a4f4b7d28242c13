package io.etiqueta.trial;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Hidden-layer activations. */
public enum ActivationType {
    RELU, TANH, SIGMOID, LEAKYRELU, ELU;

    @JsonValue public String id() { return name().toLowerCase(); }

    @JsonCreator public static ActivationType parse(String value) { return Named.parse(ActivationType.class, "activation", value, ActivationType::id); }

    @Override public String toString() { return id(); }
}
