package io.etiqueta.search.strategy;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The genetic algorithm's fitness under ASHA: rungs first, then the value where the trials were measured alike. */
class FitnessTest {
    static final SearchSpec ASHA = SearchFiles.parse("""
            name: f
            dataset: d
            strategy: genetic
            budget: {trials: 10}
            pruning: {kind: asha, eta: 3, min_resource: 0.25}
            space:
              learning_rate: {log_uniform: [0.0001, 0.1]}
              epochs: 3
            """, "f.yaml");

    static int n;

    /** A trial of 3 epochs measured at the given resources with these accuracies, ending in the given state. */
    static TrialRecord trial(TrialState state, double[] resources, double[] accuracies, Integer epochLimit) {
        SearchFixtures.Measurements measured = SearchFixtures.measurements(resources, accuracies);
        List<Checkpoint> checkpoints = measured.checkpoints();
        List<EpochMetrics> epochs = measured.epochs();
        n++;
        TrialConfig config = TrialConfig.builder().model(ModelFamily.MLP).learningRate(0.001 * n).epochs(3).build();
        Integer best = epochs.isEmpty() ? null : epochs.size();
        return new TrialRecord("t" + n, "s", n, state, config, "d", null, epochs, best, "", null, null, null, null, null,
                state == TrialState.FAILED ? "boom" : null, null, null, checkpoints, epochLimit);
    }

    @Test void furtherUpTheRungsIsFitterAndTheSameRungIsOrderedByItsValue() {
        TrialRecord complete = trial(TrialState.COMPLETE, new double[]{0.25, 0.75, 1, 2, 2.25, 3}, new double[]{.5, .6, .6, .7, .7, .71}, null);
        TrialRecord completeBetter = trial(TrialState.COMPLETE, new double[]{0.25, 0.75, 1, 2, 2.25, 3}, new double[]{.5, .6, .6, .7, .7, .8}, null);
        // pruned at rung 2 (2.25 epochs) with a high accuracy there: still below every complete trial
        TrialRecord prunedLate = trial(TrialState.PRUNED, new double[]{0.25, 0.75, 1, 2, 2.25}, new double[]{.5, .6, .6, .7, .9}, null);
        // shrunk by the budget to 1 epoch: passed rung 1, stopped before rung 2
        TrialRecord shrunk = trial(TrialState.COMPLETE, new double[]{0.25, 0.75, 1}, new double[]{.5, .65, .66}, 1);
        TrialRecord prunedAtSecond = trial(TrialState.PRUNED, new double[]{0.25, 0.75}, new double[]{.5, .55}, null);
        // pruned at the first rung: the higher value there is the fitter, whatever the others reached later
        TrialRecord prunedEarlyGood = trial(TrialState.PRUNED, new double[]{0.25}, new double[]{.45}, null);
        TrialRecord prunedEarlyBad = trial(TrialState.PRUNED, new double[]{0.25}, new double[]{.2}, null);
        TrialRecord failed = trial(TrialState.FAILED, new double[]{}, new double[]{}, null);

        Map<TrialConfig, Double> f = new Fitness(ASHA).of(List.of(prunedEarlyBad, failed, complete, shrunk, prunedLate,
                prunedEarlyGood, completeBetter, prunedAtSecond));
        List<TrialRecord> fittestFirst = new ArrayList<>(List.of(prunedEarlyBad, failed, complete, shrunk, prunedLate,
                prunedEarlyGood, completeBetter, prunedAtSecond));
        fittestFirst.sort((a, b) -> Double.compare(f.get(b.config()), f.get(a.config())));
        assertThat(fittestFirst).containsExactly(completeBetter, complete, prunedLate, shrunk, prunedAtSecond, prunedEarlyGood,
                prunedEarlyBad, failed);
        assertThat(f.get(failed.config())).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test void aTrialABudgetCutShortCountsAsPassingTheLastRungItReachedNotAsTrainedToTheEnd() {
        TrialRecord complete = trial(TrialState.COMPLETE, new double[]{0.25, 0.75, 1, 2, 2.25, 3}, new double[]{.5, .6, .6, .7, .7, .71}, null);
        TrialRecord prunedLate = trial(TrialState.PRUNED, new double[]{0.25, 0.75, 1, 2, 2.25}, new double[]{.5, .6, .6, .7, .72}, null);
        // stopped after its first epoch where a search's exploration (or its hours) ended: complete, but cut short
        TrialRecord cut = trial(TrialState.COMPLETE, new double[]{0.25, 0.75, 1}, new double[]{.5, .95, .96}, null)
                .withState(TrialState.COMPLETE, "stopped at epoch 1: exploration over", null, null);
        TrialRecord prunedAtSecond = trial(TrialState.PRUNED, new double[]{0.25, 0.75}, new double[]{.5, .99}, null);
        Map<TrialConfig, Double> f = new Fitness(ASHA).of(List.of(cut, prunedAtSecond, complete, prunedLate));
        assertThat(cut.cutShort()).isTrue();
        assertThat(f.get(complete.config())).isGreaterThan(f.get(prunedLate.config()));
        assertThat(f.get(prunedLate.config())).isGreaterThan(f.get(cut.config()));
        assertThat(f.get(cut.config())).isGreaterThan(f.get(prunedAtSecond.config()));
    }

    @Test void withoutAshaTheFitnessIsTheObjectiveValue() {
        SearchSpec median = SearchFiles.parse("""
                name: m
                dataset: d
                strategy: genetic
                budget: {trials: 10}
                pruning: median
                space:
                  learning_rate: {log_uniform: [0.0001, 0.1]}
                  epochs: 3
                """, "m.yaml");
        TrialRecord pruned = trial(TrialState.PRUNED, new double[]{1}, new double[]{.9}, null);
        TrialRecord complete = trial(TrialState.COMPLETE, new double[]{1, 2, 3}, new double[]{.5, .6, .7}, null);
        Map<TrialConfig, Double> f = new Fitness(median).of(List.of(pruned, complete));
        // a median-pruned trial keeps its best value before pruning
        assertThat(f.get(pruned.config())).isEqualTo(0.9);
        assertThat(f.get(complete.config())).isEqualTo(0.7);
    }
}
