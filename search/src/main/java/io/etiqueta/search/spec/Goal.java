package io.etiqueta.search.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.etiqueta.trial.Metric;

import java.util.Locale;

/** Whether a metric is better high or low. */
public enum Goal {
    MAXIMIZE, MINIMIZE;

    @JsonValue public String id() { return name().toLowerCase(Locale.ROOT); }

    @JsonCreator public static Goal parse(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "maximize", "maximise", "max" -> MAXIMIZE;
            case "minimize", "minimise", "min" -> MINIMIZE;
            default -> throw new IllegalArgumentException("unknown goal '" + value + "' (use maximize or minimize)");
        };
    }

    /** The natural goal of a metric: losses, latency, size and time are better low. */
    public static Goal natural(String metric) {
        return Metric.find(metric).filter(Metric::lowerIsBetter).isPresent() ? MINIMIZE : MAXIMIZE;
    }

    /** The value turned so that higher is always better. */
    public double signed(double value) { return this == MAXIMIZE ? value : -value; }
}
