package io.etiqueta.search.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * One dimension of a search space: a parameter with the values it may take. A categorical dimension lists them
 * (one value = fixed); a range gives {@code low..high}: integer (both ends included), uniform or log-uniform.
 * Sampled reals are rounded to three significant digits, so that near-identical configurations are the same
 * configuration (and the cache can recognise them) and tables stay readable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dimension(Parameter parameter, Kind kind, List<Object> values, Double low, Double high) {

    public enum Kind {
        CATEGORICAL, INTEGER, UNIFORM, LOG_UNIFORM;

        @JsonValue public String id() { return name().toLowerCase(Locale.ROOT); }

        @JsonCreator public static Kind parse(String v) { return valueOf(v.trim().toUpperCase(Locale.ROOT)); }
    }

    public Dimension {
        if (kind == Kind.CATEGORICAL) {
            if (values == null || values.isEmpty()) throw new IllegalArgumentException(parameter.key() + " lists no values");
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values)); // may hold "off"
            low = null;
            high = null;
        } else {
            values = null;
            if (low == null || high == null || !(low <= high)) throw new IllegalArgumentException(parameter.key() + " needs low <= high");
            if (kind == Kind.LOG_UNIFORM && !(low > 0)) throw new IllegalArgumentException(parameter.key() + ": log_uniform needs positive bounds, got " + low);
        }
    }

    public static Dimension categorical(Parameter p, List<Object> values) { return new Dimension(p, Kind.CATEGORICAL, values, null, null); }

    public static Dimension range(Parameter p, Kind kind, double low, double high) { return new Dimension(p, kind, null, low, high); }

    /** A dimension with one possible value: part of every configuration, never searched. */
    public boolean fixed() {
        return kind == Kind.CATEGORICAL ? values.size() == 1 : low.equals(high);
    }

    /** How many values a grid walks: the list's size, or the integers of an integer range; -1 for real ranges. */
    public int count() {
        return switch (kind) {
            case CATEGORICAL -> values.size();
            case INTEGER -> (int) (high - low) + 1;
            default -> fixed() ? 1 : -1;
        };
    }

    /** The i-th grid value (categorical or integer dimensions). */
    public Object at(int i) {
        return switch (kind) {
            case CATEGORICAL -> values.get(i);
            case INTEGER -> (int) (low + i);
            default -> low;
        };
    }

    /**
     * The value at position {@code u} in [0, 1) of the dimension: categorical and integer dimensions are cut into
     * equal parts, reals are spread linearly or on a log scale.
     */
    public Object fromUnit(double u) {
        u = Math.min(Math.max(u, 0), Math.nextDown(1.0));
        return switch (kind) {
            case CATEGORICAL, INTEGER -> at((int) Math.floor(u * count()));
            case UNIFORM -> round(low + u * (high - low));
            case LOG_UNIFORM -> round(Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))));
        };
    }

    static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) return v;
        return new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }

    /** The value's position in [0, 1): the centre of its cell for discrete dimensions. */
    public double toUnit(Object value) {
        return switch (kind) {
            case CATEGORICAL -> (values.indexOf(value) + 0.5) / values.size();
            case INTEGER -> (((Number) value).doubleValue() - low + 0.5) / count();
            case UNIFORM -> high.equals(low) ? 0 : (((Number) value).doubleValue() - low) / (high - low);
            case LOG_UNIFORM -> high.equals(low) ? 0 : (Math.log(((Number) value).doubleValue()) - Math.log(low)) / (Math.log(high) - Math.log(low));
        };
    }

    /** Whether a unit position maps onto discrete cells (mutation jumps) rather than a continuum (mutation steps). */
    public boolean discrete() {
        return kind == Kind.CATEGORICAL;
    }
}
