package io.etiqueta.trial;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Gradient-descent updaters; SGD takes an optional momentum. */
public enum OptimizerType {
    SGD, ADAM, RMSPROP, NADAM;

    @JsonValue public String id() { return name().toLowerCase(); }

    @JsonCreator public static OptimizerType parse(String value) { return Named.parse(OptimizerType.class, "optimizer", value, OptimizerType::id); }

    @Override public String toString() { return id(); }
}
