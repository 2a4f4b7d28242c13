package io.etiqueta.search.pruning;

import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.train.EpochObserver;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides, whenever a running trial is measured (after each epoch, and at checkpoints part-way through epochs when
 * the pruner asks for them), whether it is too weak to continue, by comparison with its peers.
 */
public interface Pruner {
    Pruner NEVER = (trial, peers) -> null;

    /**
     * Why to prune the trial now (becomes its stop reason), or null to let it train on.
     *
     * @param trial the trial's measurements so far
     * @param peers the other trials of the search to compare with: finished ones and the progress of running ones
     */
    String check(LearningCurve trial, List<LearningCurve> peers);

    /** The same, for a curve of whole epochs and finished peers. */
    default String check(List<EpochMetrics> curve, List<TrialRecord> peers) {
        return check(new LearningCurve(null, Integer.MAX_VALUE, curve, List.of()), peers.stream().map(LearningCurve::of).toList());
    }

    /** Points part-way through epochs at which the trainer must measure a trial of this configuration. */
    default List<Double> checkpoints(TrialConfig config, Integer epochLimit) { return List.of(); }

    static Pruner of(PruningSettings settings) {
        return switch (settings.rule()) {
            case NONE -> NEVER;
            case MEDIAN -> new MedianPruner(settings);
            case ASHA -> new AshaPruner(settings);
        };
    }

    /**
     * The observer that applies this pruner to one trial while it trains.
     *
     * @param peers      read at each decision (a store view: finished records plus running trials' progress)
     * @param onMeasured called with the trial's curve at each measurement, before the decision (a heartbeat, a
     *                   progress file: what peers elsewhere read)
     */
    default EpochObserver observer(String trialId, TrialConfig config, Integer epochLimit, Supplier<List<LearningCurve>> peers,
                                   Consumer<LearningCurve> onMeasured) {
        int max = epochLimit != null ? Math.min(epochLimit, config.epochs()) : config.epochs();
        List<Double> checkpoints = checkpoints(config, epochLimit);
        Pruner pruner = this;
        return new EpochObserver() {
            @Override public String afterEpoch(List<EpochMetrics> epochsSoFar) {
                return decide(epochsSoFar, List.of());
            }

            @Override public List<Double> checkpoints() { return checkpoints; }

            @Override public String atCheckpoint(List<Checkpoint> checkpointsSoFar, List<EpochMetrics> epochsSoFar) {
                return decide(epochsSoFar, checkpointsSoFar);
            }

            private List<Checkpoint> seen = List.of();

            private String decide(List<EpochMetrics> epochs, List<Checkpoint> newCheckpoints) {
                if (!newCheckpoints.isEmpty()) seen = List.copyOf(newCheckpoints);
                LearningCurve own = new LearningCurve(trialId, max, epochs, seen);
                onMeasured.accept(own);
                if (pruner == NEVER) return null;
                List<LearningCurve> others = peers.get().stream().filter(p -> trialId == null || !trialId.equals(p.trialId())).toList();
                return pruner.check(own, others);
            }
        };
    }

    /** A per-epoch metric by its name. */
    static double metric(EpochMetrics e, String name) {
        return switch (name) {
            case "val_accuracy" -> e.valAccuracy();
            case "val_loss" -> e.valLoss();
            case "accuracy" -> e.accuracy();
            case "loss" -> e.loss();
            default -> throw new IllegalArgumentException("not a per-epoch metric: " + name);
        };
    }
}
