package io.etiqueta.search.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.etiqueta.image.ColorMode;
import io.etiqueta.trial.ActivationType;
import io.etiqueta.trial.Augmentation;
import io.etiqueta.trial.LearningRateSchedule;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.TrialConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A dimension of the trial engine that a search file may set or search, by its key in the file. Values are kept in
 * a canonical, JSON-friendly form (enum ids as strings, whole numbers as Integer, reals as Double, layer widths as
 * a list) so the stored spec reads back equal.
 */
public enum Parameter {
    MODEL("model", Type.CHOICE),
    LAYERS("layers", Type.LAYERS),
    DEPTH("depth", Type.INTEGER),
    WIDTH("width", Type.INTEGER),
    ACTIVATION("activation", Type.CHOICE),
    OPTIMIZER("optimizer", Type.CHOICE),
    LEARNING_RATE("learning_rate", Type.REAL),
    /** constant, linear or cosine: decayed over the epochs the trial will train (see LearningRateSchedule). */
    LR_SCHEDULE("lr_schedule", Type.CHOICE),
    MOMENTUM("momentum", Type.REAL),
    DROPOUT("dropout", Type.REAL),
    L2("l2", Type.REAL),
    BATCH_SIZE("batch_size", Type.INTEGER),
    EPOCHS("epochs", Type.INTEGER),
    PATIENCE("patience", Type.INTEGER_OR_OFF),
    MIN_DELTA("min_delta", Type.REAL),
    MAX_MINUTES("max_minutes", Type.REAL),
    AUGMENTATION("augmentation", Type.CHOICE),
    IMAGE_SIZE("image_size", Type.INTEGER),
    COLOR("color", Type.CHOICE),
    /** k-fold cross-validation; usually set once at the top of a search file ({@code folds: 5}). */
    FOLDS("folds", Type.INTEGER),
    /** A local copy of a pretrained base's weights; usually set at the top of a search file ({@code weights: FILE}). */
    WEIGHTS("weights", Type.CHOICE);

    /** The kind of value a parameter takes, which decides the ranges allowed for it. */
    public enum Type { CHOICE, LAYERS, INTEGER, INTEGER_OR_OFF, REAL }

    private final String key;
    private final Type type;

    Parameter(String key, Type type) {
        this.key = key;
        this.type = type;
    }

    @JsonValue public String key() { return key; }

    public Type type() { return type; }

    /** Whether ranges ({uniform: ..}, {log_uniform: ..}, {int: ..}) are allowed. */
    public boolean numeric() { return type == Type.REAL || type == Type.INTEGER || type == Type.INTEGER_OR_OFF; }

    @JsonCreator public static Parameter parse(String key) {
        for (Parameter p : values()) if (p.key.equals(key)) return p;
        throw new IllegalArgumentException("unknown space key '" + key + "' (use one of " + keys() + ")");
    }

    public static String keys() { return Arrays.stream(values()).map(Parameter::key).collect(Collectors.joining(", ")); }

    /**
     * Turns a value read from YAML or JSON (String, Boolean, Number, List, null) into the canonical form, or throws
     * IllegalArgumentException saying what is wrong.
     */
    public Object canonical(Object raw) {
        return switch (this) {
            case MODEL -> ModelFamily.parse(text(raw)).id();
            case ACTIVATION -> ActivationType.parse(text(raw)).id();
            case OPTIMIZER -> OptimizerType.parse(text(raw)).id();
            case LR_SCHEDULE -> LearningRateSchedule.parse(text(raw)).id();
            case COLOR -> ColorMode.parse(text(raw)).id();
            case WEIGHTS -> text(raw);
            case AUGMENTATION -> augmentationId(raw);
            case LAYERS -> layers(raw);
            case PATIENCE -> raw == null || Boolean.FALSE.equals(raw) || "off".equalsIgnoreCase(String.valueOf(raw).trim()) ? "off" : whole(raw);
            case DEPTH, WIDTH, BATCH_SIZE, EPOCHS, IMAGE_SIZE, FOLDS -> whole(raw);
            case LEARNING_RATE, MOMENTUM, DROPOUT, L2, MIN_DELTA, MAX_MINUTES -> real(raw);
        };
    }

    /** Sets this parameter's canonical value on the builder (DEPTH and WIDTH are combined by the caller). */
    void apply(TrialConfig.Builder b, Object v) {
        switch (this) {
            case MODEL -> b.model(ModelFamily.parse((String) v));
            case ACTIVATION -> b.activation(ActivationType.parse((String) v));
            case OPTIMIZER -> b.optimizer(OptimizerType.parse((String) v));
            case LR_SCHEDULE -> b.lrSchedule(LearningRateSchedule.parse((String) v));
            case COLOR -> b.color(ColorMode.parse((String) v));
            case WEIGHTS -> b.weights((String) v);
            case FOLDS -> b.folds(((Number) v).intValue());
            case AUGMENTATION -> b.augmentation(augmentation((String) v));
            case LAYERS -> b.layers(toInts(v));
            case PATIENCE -> b.patience("off".equals(v) ? null : ((Number) v).intValue());
            case BATCH_SIZE -> b.batchSize(((Number) v).intValue());
            case EPOCHS -> b.epochs(((Number) v).intValue());
            case IMAGE_SIZE -> b.imageSize(((Number) v).intValue());
            case LEARNING_RATE -> b.learningRate(((Number) v).doubleValue());
            case MOMENTUM -> b.momentum(((Number) v).doubleValue());
            case DROPOUT -> b.dropout(((Number) v).doubleValue());
            case L2 -> b.l2(((Number) v).doubleValue());
            case MIN_DELTA -> b.minDelta(((Number) v).doubleValue());
            case MAX_MINUTES -> b.maxMinutes(((Number) v).doubleValue());
            case DEPTH, WIDTH -> { }
        }
    }

    /** This parameter's canonical value in a configuration (the inverse of {@link #apply}); null when it has none. */
    Object valueIn(TrialConfig c) {
        return switch (this) {
            case MODEL -> c.model().id();
            case ACTIVATION -> c.activation().id();
            case OPTIMIZER -> c.optimizer().id();
            case LR_SCHEDULE -> c.lrSchedule().id();
            case COLOR -> c.color() == null ? null : c.color().id();
            case AUGMENTATION -> c.augmentation() == null || c.augmentation().equals(Augmentation.NONE) ? "none"
                    : c.augmentation().equals(Augmentation.STANDARD) ? "standard"
                    : c.augmentation().equals(new Augmentation(true, 0, 0)) ? "flip" : null;
            case LAYERS -> c.layers();
            case DEPTH -> c.layers().size();
            case WIDTH -> c.layers().isEmpty() || c.layers().stream().distinct().count() > 1 ? null : c.layers().get(0);
            case PATIENCE -> c.patience() == null ? "off" : c.patience();
            case BATCH_SIZE -> c.batchSize();
            case EPOCHS -> c.epochs();
            case IMAGE_SIZE -> c.imageSize();
            case LEARNING_RATE -> c.learningRate();
            case MOMENTUM -> c.momentum();
            case DROPOUT -> c.dropout();
            case L2 -> c.l2();
            case MIN_DELTA -> c.minDelta();
            case MAX_MINUTES -> c.maxMinutes();
            case FOLDS -> c.folds();
            case WEIGHTS -> c.weights();
        };
    }

    static List<Integer> toInts(Object v) {
        List<Integer> out = new ArrayList<>();
        for (Object o : (List<?>) v) out.add(((Number) o).intValue());
        return List.copyOf(out);
    }

    private static String text(Object raw) {
        if (raw instanceof String s) return s;
        throw new IllegalArgumentException("expected a name, got " + describe(raw));
    }

    private static Integer whole(Object raw) {
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException("expected a whole number, got " + describe(raw));
    }

    private static Double real(Object raw) {
        if (raw instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
        throw new IllegalArgumentException("expected a number, got " + describe(raw));
    }

    private static List<Integer> layers(Object raw) {
        if (raw instanceof List<?> list) {
            List<Integer> widths = new ArrayList<>();
            for (Object o : list) widths.add(whole(o));
            return List.copyOf(widths);
        }
        if (raw instanceof Number) return List.of(whole(raw));
        throw new IllegalArgumentException("expected a list of layer widths such as [512, 256], got " + describe(raw));
    }

    private static String augmentationId(Object raw) {
        if (Boolean.TRUE.equals(raw)) return "standard";
        if (raw == null || Boolean.FALSE.equals(raw)) return "none";
        String v = text(raw).trim().toLowerCase(Locale.ROOT);
        augmentation(v);
        return v;
    }

    static Augmentation augmentation(String id) {
        return switch (id) {
            case "none", "off" -> Augmentation.NONE;
            case "standard", "on" -> Augmentation.STANDARD;
            case "flip" -> new Augmentation(true, 0, 0);
            default -> throw new IllegalArgumentException("unknown augmentation '" + id + "' (use none, flip or standard)");
        };
    }

    static String describe(Object raw) {
        if (raw == null) return "nothing";
        if (raw instanceof String s) return "'" + s + "'";
        if (raw instanceof List<?> l) return "a list " + l;
        if (raw instanceof java.util.Map<?, ?>) return "a mapping";
        return String.valueOf(raw);
    }
}
