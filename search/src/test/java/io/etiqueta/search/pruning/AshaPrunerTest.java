package io.etiqueta.search.pruning;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import io.etiqueta.train.EpochObserver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ASHA rung decisions on synthetic learning curves (Optuna's SuccessiveHalvingPruner rule, asynchronous). */
class AshaPrunerTest {
    static final PruningSettings ASHA = PruningSettings.asha("val_accuracy"); // eta 3, first rung 0.25 epochs
    static final Pruner PRUNER = Pruner.of(ASHA);

    /** A curve measured at the given resources (fractions as checkpoints, whole numbers as epochs) with these accuracies. */
    static LearningCurve curve(String id, int maxEpochs, double[] resources, double[] accuracies) {
        SearchFixtures.Measurements measured = SearchFixtures.measurements(resources, accuracies);
        List<Checkpoint> checkpoints = measured.checkpoints();
        List<EpochMetrics> epochs = measured.epochs();
        return new LearningCurve(id, maxEpochs, epochs, checkpoints);
    }

    /** A trial measured once, at the first rung (0.25 epochs). */
    static LearningCurve atFirstRung(String id, double accuracy) {
        return curve(id, 20, new double[]{0.25}, new double[]{accuracy});
    }

    static List<LearningCurve> peersAtFirstRung(double... accuracies) {
        List<LearningCurve> out = new ArrayList<>();
        for (int i = 0; i < accuracies.length; i++) out.add(atFirstRung("p" + i, accuracies[i]));
        return out;
    }

    @Test void rungsGrowByEtaFromTheMinimumResourceAndStopBeforeTheLastEpoch() {
        assertThat(ASHA.rungs(20)).containsExactly(0.25, 0.75, 2.25, 6.75);
        assertThat(ASHA.rungs(3)).containsExactly(0.25, 0.75, 2.25);
        assertThat(new PruningSettings(PruningSettings.Rule.ASHA, 1, 0, "val_loss", null, 2, 1).rungs(10)).containsExactly(1.0, 2.0, 4.0, 8.0);
        assertThat(PruningSettings.none().rungs(20)).isEmpty();
        // only the rungs inside epochs need checkpoints; whole-epoch rungs are epoch ends
        TrialConfig twenty = TrialConfig.builder().model(ModelFamily.MLP).epochs(20).build();
        assertThat(PRUNER.checkpoints(twenty, null)).containsExactly(0.25, 0.75, 2.25, 6.75);
        assertThat(PRUNER.checkpoints(twenty, 2)).containsExactly(0.25, 0.75);
        assertThat(Pruner.of(new PruningSettings(PruningSettings.Rule.ASHA, 1, 0, "val_accuracy", null, 3, 1)).checkpoints(twenty, null)).isEmpty();
    }

    @Test void theFirstTrialAtARungGoesOnAndFewerThanEtaPeersPromoteOnlyTheBest() {
        assertThat(PRUNER.check(atFirstRung("t", 0.30), List.of())).isNull();
        // two trials at the rung (fewer than eta = 3): only the best goes on
        assertThat(PRUNER.check(atFirstRung("t", 0.50), peersAtFirstRung(0.40))).isNull();
        assertThat(PRUNER.check(atFirstRung("t", 0.30), peersAtFirstRung(0.40)))
                .isEqualTo("val_accuracy 0.3000 not in the top 1/3 of the 2 trials at rung 0 (0.25 epochs; needed 0.4000)");
        // a tie with the best goes on
        assertThat(PRUNER.check(atFirstRung("t", 0.40), peersAtFirstRung(0.40, 0.10))).isNull();
    }

    @Test void withARetrainPhaseFewerThanEtaTrialsAtARungPromoteNobody() {
        Pruner strict = Pruner.of(new PruningSettings(PruningSettings.Rule.ASHA, 1, 0, "val_accuracy", null, 3, 0.25, 0.6));
        assertThat(strict.check(atFirstRung("t", 0.90), List.of()))
                .isEqualTo("val_accuracy 0.9000 at rung 0 (0.25 epochs) among 1 trial, fewer than the 3 needed to go on (the retrain phase ranks it)");
        assertThat(strict.check(atFirstRung("t", 0.90), peersAtFirstRung(0.40)))
                .isEqualTo("val_accuracy 0.9000 at rung 0 (0.25 epochs) among 2 trials, fewer than the 3 needed to go on (the retrain phase ranks it)");
        // from eta trials on, the usual rule: the best third goes on
        assertThat(strict.check(atFirstRung("t", 0.90), peersAtFirstRung(0.40, 0.50))).isNull();
        assertThat(strict.check(atFirstRung("t", 0.45), peersAtFirstRung(0.40, 0.50))).contains("not in the top 1/3 of the 3 trials");
        // only trials measured at the same rung count: two trials past it do not make a third at rung 1
        LearningCurve atSecondRung = curve("t", 20, new double[]{0.25, 0.75}, new double[]{0.9, 0.95});
        assertThat(strict.check(atSecondRung, peersAtFirstRung(0.4, 0.5, 0.6))).contains("at rung 1 (0.75 epochs) among 1 trial");
    }

    @Test void ofNineTrialsAtARungTheBestThreeGoOn() {
        List<LearningCurve> eight = peersAtFirstRung(0.9, 0.8, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        assertThat(PRUNER.check(atFirstRung("t", 0.65), eight)).isNull();             // third of nine
        assertThat(PRUNER.check(atFirstRung("t", 0.55), eight)).contains("of the 9 trials"); // fourth of nine
        // at 12 trials the best four go on
        List<LearningCurve> eleven = peersAtFirstRung(0.9, 0.8, 0.7, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.05, 0.01);
        assertThat(PRUNER.check(atFirstRung("t", 0.65), eleven)).isNull();
        assertThat(PRUNER.check(atFirstRung("t", 0.55), eleven)).isNotNull();
    }

    @Test void aTrialIsJudgedOnlyAtRungsAndOnlyAgainstPeersMeasuredThere() {
        List<LearningCurve> strong = peersAtFirstRung(0.9, 0.95, 0.99);
        // at epoch 1 (no rung with 0.25 * 3^k) nobody is judged, however weak
        LearningCurve weakAtEpochOne = curve("t", 20, new double[]{0.25, 0.75, 1}, new double[]{0.99, 0.99, 0.01});
        assertThat(PRUNER.check(weakAtEpochOne, strong)).isNull();
        // at rung 1 (0.75 epochs) peers stopped at 0.25 do not count: it is alone there, so it goes on
        LearningCurve atSecondRung = curve("t", 20, new double[]{0.25, 0.75}, new double[]{0.2, 0.3});
        assertThat(PRUNER.check(atSecondRung, strong)).isNull();
        LearningCurve betterThere = curve("p", 20, new double[]{0.25, 0.75}, new double[]{0.1, 0.6});
        assertThat(PRUNER.check(atSecondRung, List.of(betterThere))).contains("at rung 1 (0.75 epochs");
        // the last epoch is no rung: a trial that trained it all is never pruned at the end
        LearningCurve finished = curve("t", 3, new double[]{0.25, 0.75, 1, 2, 2.25, 3}, new double[]{.9, .9, .9, .9, .9, .01});
        assertThat(PRUNER.check(finished, List.of(curve("p", 3, new double[]{3}, new double[]{0.99})))).isNull();
    }

    @Test void theValueAtARungIsTheBestSoFarSoOneNoisyMeasurementDoesNotKill() {
        LearningCurve dipped = curve("t", 20, new double[]{0.25, 0.75}, new double[]{0.8, 0.5});
        LearningCurve peer = curve("p", 20, new double[]{0.25, 0.75}, new double[]{0.6, 0.7});
        assertThat(PRUNER.check(dipped, List.of(peer))).isNull();
    }

    @Test void minimisedMetricsAndTheBootstrapCount() {
        PruningSettings loss = new PruningSettings(PruningSettings.Rule.ASHA, 1, 0, "val_loss", null, 3, 0.25);
        Pruner p = Pruner.of(loss);
        // accuracies 0.7 and 0.6 are losses 0.3 and 0.4 in these curves: lower loss is better
        assertThat(p.check(atFirstRung("t", 0.7), peersAtFirstRung(0.6))).isNull();
        assertThat(p.check(atFirstRung("t", 0.6), peersAtFirstRung(0.7))).startsWith("val_loss 0.4000 not in the top 1/3").contains("needed 0.3000");
        // min_peers 2: no decision until two peers reached the rung
        Pruner patient = Pruner.of(new PruningSettings(PruningSettings.Rule.ASHA, 1, 2, "val_accuracy", null, 3, 0.25));
        assertThat(patient.check(atFirstRung("t", 0.1), peersAtFirstRung(0.9))).isNull();
        assertThat(patient.check(atFirstRung("t", 0.1), peersAtFirstRung(0.9, 0.8))).isNotNull();
    }

    @Test void theObserverAsksForTheRungsAndLeavesTheTrialItselfOutOfItsPeers() {
        TrialConfig config = TrialConfig.builder().model(ModelFamily.MLP).epochs(20).build();
        // the peer view holds the trial's own progress (as a store view does) and one weaker peer
        List<LearningCurve> view = List.of(atFirstRung("t0002", 0.9), atFirstRung("t0001", 0.2));
        List<LearningCurve> published = new ArrayList<>();
        EpochObserver observer = PRUNER.observer("t0002", config, null, () -> view, published::add);
        assertThat(observer.checkpoints()).containsExactly(0.25, 0.75, 2.25, 6.75);
        assertThat(observer.atCheckpoint(List.of(new Checkpoint(0.25, 0.7, 0.3, 1)), List.of())).isNull();
        assertThat(published).singleElement().satisfies(c -> assertThat(c.resource()).isEqualTo(0.25));
        EpochObserver weak = PRUNER.observer("t0003", config, null, () -> view, c -> {});
        assertThat(weak.atCheckpoint(List.of(new Checkpoint(0.25, 0.9, 0.1, 1)), List.of())).contains("of the 3 trials");
    }

    @Test void finishedRecordsArePeersThroughTheirCheckpoints() {
        TrialConfig config = TrialConfig.builder().model(ModelFamily.MLP).epochs(20).build();
        TrialRecord pruned = new TrialRecord("t0001", "s", 1, TrialState.PRUNED, config, "d", null, List.of(), null,
                "pruned at 0.25 epochs", null, null, null, null, null, null, null, null,
                List.of(new Checkpoint(0.25, 0.5, 0.5, 1)), null);
        LearningCurve c = LearningCurve.of(pruned);
        assertThat(c.measuredAt(0.25)).isTrue();
        assertThat(c.measuredAt(0.75)).isFalse();
        assertThat(c.resource()).isEqualTo(0.25);
        assertThat(PRUNER.check(atFirstRung("t0002", 0.4), List.of(c))).isNotNull();
    }
}
