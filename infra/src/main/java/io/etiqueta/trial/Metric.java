package io.etiqueta.trial;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The metrics of a trial by the names search files and reports use, the one list of them: what each reads from a
 * {@link TrialRecord}, whether it is reported every epoch (so pruning can compare it mid-training), and whether
 * lower is better (losses, latency, size, time).
 */
public enum Metric {
    // a cross-validated trial's own curve is its final fit on all the training data: its validation is the folds' mean
    VAL_ACCURACY("val_accuracy", true, false, t -> t.crossValidation() != null ? OptionalDouble.of(t.crossValidation().meanValAccuracy())
            : kept(t, EpochMetrics::valAccuracy)),
    VAL_LOSS("val_loss", true, true, t -> t.crossValidation() != null ? OptionalDouble.of(t.crossValidation().meanValLoss())
            : kept(t, EpochMetrics::valLoss)),
    ACCURACY("accuracy", true, false, t -> kept(t, EpochMetrics::accuracy)),
    LOSS("loss", true, true, t -> kept(t, EpochMetrics::loss)),
    TEST_ACCURACY("test_accuracy", false, false, t -> t.test() == null ? OptionalDouble.empty() : OptionalDouble.of(t.test().accuracy())),
    TEST_LOSS("test_loss", false, true, t -> t.test() == null ? OptionalDouble.empty() : OptionalDouble.of(t.test().loss())),
    TEST_F1("test_f1", false, false, t -> t.test() == null || t.test().macro() == null ? OptionalDouble.empty() : OptionalDouble.of(t.test().macro().f1())),
    LATENCY_MS("latency_ms", false, true, t -> t.test() == null ? OptionalDouble.empty() : OptionalDouble.of(t.test().latencyMillis())),
    PARAMETERS("parameters", false, true, t -> t.parameters() == null ? OptionalDouble.empty() : OptionalDouble.of(t.parameters())),
    SECONDS("seconds", false, true, t -> t.timing() == null ? OptionalDouble.empty() : OptionalDouble.of(t.timing().totalSeconds())),
    EPOCHS("epochs", false, true, t -> OptionalDouble.of(t.epochs().size())),
    /** k-fold cross-validation: the folds' mean val_accuracy, mean val_loss, and val_accuracy's standard deviation. */
    CV_ACCURACY("cv_accuracy", false, false, t -> t.crossValidation() == null ? OptionalDouble.empty() : OptionalDouble.of(t.crossValidation().meanValAccuracy())),
    CV_LOSS("cv_loss", false, true, t -> t.crossValidation() == null ? OptionalDouble.empty() : OptionalDouble.of(t.crossValidation().meanValLoss())),
    CV_ACCURACY_STD("cv_accuracy_std", false, true, t -> t.crossValidation() == null ? OptionalDouble.empty() : OptionalDouble.of(t.crossValidation().stdValAccuracy()));

    private final String id;
    private final boolean perEpoch;
    private final boolean lowerIsBetter;
    private final Function<TrialRecord, OptionalDouble> read;

    Metric(String id, boolean perEpoch, boolean lowerIsBetter, Function<TrialRecord, OptionalDouble> read) {
        this.id = id;
        this.perEpoch = perEpoch;
        this.lowerIsBetter = lowerIsBetter;
        this.read = read;
    }

    public String id() { return id; }

    /** Reported after every epoch (at the kept epoch once the trial is over). */
    public boolean perEpoch() { return perEpoch; }

    /** Losses, latency, size and time are better low; the rest high. */
    public boolean lowerIsBetter() { return lowerIsBetter; }

    /** The trial's value; empty when it has none (no kept epoch, no test). */
    public OptionalDouble of(TrialRecord trial) { return read.apply(trial); }

    public static Optional<Metric> find(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** The metric named {@code id}; an unknown name is an error listing the known ones. */
    public static Metric parse(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown metric '" + id + "' (use " + String.join(", ", ids()) + ")"));
    }

    /** Every metric's name, in this order. */
    public static List<String> ids() { return Arrays.stream(values()).map(Metric::id).toList(); }

    /** The names of the metrics reported every epoch. */
    public static List<String> epochIds() { return Arrays.stream(values()).filter(Metric::perEpoch).map(Metric::id).toList(); }

    private static OptionalDouble kept(TrialRecord t, java.util.function.ToDoubleFunction<EpochMetrics> value) {
        return t.best().map(e -> OptionalDouble.of(value.applyAsDouble(e))).orElse(OptionalDouble.empty());
    }
}
