package io.etiqueta.train;

import io.etiqueta.data.LoadedDataset;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Validation measurements part-way through epochs (ASHA rungs) and the budget's epoch limit, on real training. */
class CheckpointsTest {
    static LoadedDataset data;
    @TempDir Path dir;

    @BeforeAll static void data() { data = SyntheticData.colours(60, 12, 3); }

    private TrialRecord run(String id, TrialConfig config, EpochObserver observer, Integer epochLimit) {
        LocalTrialEngine engine = new LocalTrialEngine(Stores.open(dir.resolve(id).toString()), EngineSettings.defaults(), (p, o) -> data, l -> {});
        return engine.run(new TrialRequest(id, null, 0, "s", config, epochLimit), observer);
    }

    private static TrialConfig config() {
        // dropout and augmentation draw from the random streams: a checkpoint that touched them would show
        return TrialConfig.builder().model(ModelFamily.MLP).layers(List.of(32)).optimizer(OptimizerType.ADAM).learningRate(0.01)
                .dropout(0.3).augmentation(new io.etiqueta.trial.Augmentation(true, 0.1, 5)).batchSize(16).epochs(3).seed(9).build();
    }

    /** Asks for checkpoints, records what it was shown, never prunes. */
    private static class Watching implements EpochObserver {
        final List<Double> asked;
        final List<List<Checkpoint>> seen = new ArrayList<>();
        final List<Integer> epochsAtCheckpoint = new ArrayList<>();

        Watching(List<Double> asked) { this.asked = asked; }

        @Override public String afterEpoch(List<EpochMetrics> epochsSoFar) { return null; }

        @Override public List<Double> checkpoints() { return asked; }

        @Override public String atCheckpoint(List<Checkpoint> checkpointsSoFar, List<EpochMetrics> epochsSoFar) {
            seen.add(checkpointsSoFar);
            epochsAtCheckpoint.add(epochsSoFar.size());
            return null;
        }
    }

    @Test void checkpointsDoNotChangeWhatATrialLearns() {
        TrialRecord plain = run("plain", config(), EpochObserver.NONE, null);
        Watching watching = new Watching(List.of(0.25, 0.75, 1.5, 2.0, 7.5));
        TrialRecord watched = run("watched", config(), watching, null);

        assertThat(watched.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(watched.epochs()).extracting(EpochMetrics::loss).containsExactlyElementsOf(plain.epochs().stream().map(EpochMetrics::loss).toList());
        assertThat(watched.epochs()).extracting(EpochMetrics::valLoss).containsExactlyElementsOf(plain.epochs().stream().map(EpochMetrics::valLoss).toList());
        assertThat(watched.epochs()).extracting(EpochMetrics::accuracy).containsExactlyElementsOf(plain.epochs().stream().map(EpochMetrics::accuracy).toList());
        assertThat(watched.test().confusion()).isDeepEqualTo(plain.test().confusion());
        assertThat(watched.test().loss()).isEqualTo(plain.test().loss());
        // whole epochs (2.0) are epoch ends and points past the last epoch (7.5) never come
        assertThat(watched.checkpoints()).extracting(Checkpoint::resource).containsExactly(0.25, 0.75, 1.5);
        assertThat(watching.epochsAtCheckpoint).containsExactly(0, 0, 1);
        assertThat(watching.seen.get(2)).hasSize(3);
        assertThat(plain.checkpoints()).isEmpty();
        assertThat(watched.checkpoints()).allSatisfy(c -> assertThat(c.valAccuracy()).isBetween(0.0, 1.0));
        assertThat(watched.resource()).isEqualTo(3.0);
    }

    @Test void aTrialPrunedAtAQuarterEpochStopsThereWithTheReason() {
        EpochObserver quarter = new Watching(List.of(0.25, 0.75)) {
            @Override public String atCheckpoint(List<Checkpoint> soFar, List<EpochMetrics> epochs) {
                return soFar.size() == 1 ? "not in the top 1/3" : null;
            }
        };
        TrialRecord r = run("pruned", config(), quarter, null);
        assertThat(r.state()).isEqualTo(TrialState.PRUNED);
        assertThat(r.stopReason()).isEqualTo("pruned at 0.25 epochs: not in the top 1/3");
        assertThat(r.epochs()).isEmpty();
        assertThat(r.checkpoints()).extracting(Checkpoint::resource).containsExactly(0.25);
        assertThat(r.resource()).isEqualTo(0.25);
        assertThat(r.bundleKey()).isNull();
        assertThat(r.trainImagesPerSecond()).isNotNull();
    }

    @Test void aTimeBudgetRunningOutEndsTheTrialAtItsNextMeasurement() {
        TrialConfig config = config().toBuilder().epochs(5).build();
        List<Integer> epochsSeen = new ArrayList<>();
        EpochObserver afterTwo = new EpochObserver() {
            @Override public String afterEpoch(List<EpochMetrics> e) { epochsSeen.add(e.size()); return null; }

            @Override public String stopNow() { return epochsSeen.size() >= 2 ? "budget: the time budget ran out" : null; }
        };
        TrialRecord cut = run("cut", config, afterTwo, null);
        assertThat(cut.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(cut.epochs()).hasSize(2);
        assertThat(cut.stopReason()).isEqualTo("stopped at epoch 2: budget: the time budget ran out");
        assertThat(cut.test()).isNotNull();
        // before its first epoch a trial has nothing to keep
        TrialRecord early = run("early", config, new Watching(List.of(0.25)).stoppingWhen(() -> "budget: the time budget ran out"), null);
        assertThat(early.state()).isEqualTo(TrialState.PRUNED);
        assertThat(early.stopReason()).isEqualTo("stopped at 0.25 epochs: budget: the time budget ran out");
        assertThat(early.epochs()).isEmpty();
    }

    @Test void aHaltingObserverEndsTheTrialAfterTheCurrentMiniBatchWithoutMeasuringAgain() {
        // it halts from its first question on: after the first mini-batch, before the quarter-epoch checkpoint
        Watching watching = new Watching(List.of(0.25));
        TrialRecord early = run("halt-early", config(), watching.haltingWhen(() -> "exploration over"), null);
        assertThat(early.state()).isEqualTo(TrialState.PRUNED);
        assertThat(early.stopReason()).matches("stopped at 0\\.\\d\\d epochs: exploration over");
        assertThat(early.checkpoints()).isEmpty();
        assertThat(early.epochs()).isEmpty();
        assertThat(watching.seen).isEmpty();
        assertThat(early.bundleKey()).isNull();

        // after a whole epoch it completes, keeping that epoch: here it halts at the second mini-batch of epoch 2
        List<Integer> epochsSeen = new ArrayList<>();
        int[] askedSince = {0};
        EpochObserver counting = epochs -> { epochsSeen.add(epochs.size()); return null; };
        TrialRecord late = run("halt-late", config(), counting.haltingWhen(() ->
                epochsSeen.isEmpty() || ++askedSince[0] < 3 ? null : "exploration over"), null);
        assertThat(late.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(late.stopReason()).matches("stopped at 1\\.\\d\\d epochs: exploration over");
        assertThat(late.epochs()).hasSize(1);
        assertThat(late.test()).isNotNull();
        assertThat(late.cutShort()).isTrue();
        // a stopping (not halting) observer is asked only at measurements: the same answer ends it at the epoch end
        TrialRecord atEpochEnd = run("stop", config(), EpochObserver.NONE.stoppingWhen(() -> "budget: 1 hours"), null);
        assertThat(atEpochEnd.stopReason()).isEqualTo("stopped at epoch 1: budget: 1 hours");
    }

    @Test void anEpochLimitStopsTheTrialAsCompleteAndIsRecorded() {
        TrialConfig config = config().toBuilder().epochs(5).build();
        TrialRecord r = run("shrunk", config, EpochObserver.NONE, 2);
        assertThat(r.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(r.epochs()).hasSize(2);
        assertThat(r.epochLimit()).isEqualTo(2);
        assertThat(r.config().epochs()).isEqualTo(5);
        assertThat(r.stopReason()).isEqualTo("budget: shrunk to 2 of 5 epochs to finish within the time budget");
        assertThat(r.bundleKey()).isNotNull();
        // a limit at or above the configured epochs is no limit
        TrialRecord full = run("full", config().toBuilder().epochs(2).build(), EpochObserver.NONE, 4);
        assertThat(full.epochLimit()).isNull();
        assertThat(full.stopReason()).isEqualTo("max epochs (2)");
    }
}
