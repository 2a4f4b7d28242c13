package io.etiqueta.search.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a search proposes configurations. */
public enum StrategyKind {
    /** Every combination of the listed values, first dimension slowest (the notebooks' tables). */
    GRID,
    /** Independent draws, reproducible from the seed and the trial number. */
    RANDOM,
    /** A genetic algorithm (Jenetics) over the space, one generation per batch. */
    GENETIC;

    @JsonValue public String id() { return name().toLowerCase(Locale.ROOT); }

    @JsonCreator public static StrategyKind parse(String value) {
        for (StrategyKind k : values()) if (k.id().equals(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))) return k;
        throw new IllegalArgumentException("unknown strategy '" + value + "' (use grid, random or genetic)");
    }
}
