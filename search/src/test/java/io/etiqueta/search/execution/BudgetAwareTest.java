package io.etiqueta.search.execution;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import io.etiqueta.trial.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Under a time budget, a trial that cannot finish in time is shrunk to the epochs that fit, or not started. */
class BudgetAwareTest {
    @TempDir Path dir;

    static String file(double hours, String models) {
        return """
                name: budget
                dataset: fake
                strategy: random
                seed: 4
                budget: {hours: %s, trials: 6}
                workers: 1
                batch: 1
                space:
                  model: %s
                  optimizer: [adam, nadam]
                  learning_rate: {log_uniform: [0.0003, 0.003]}
                  epochs: 20
                """.formatted(hours, models);
    }

    @Test void aTrialThatCannotFinishInTimeIsShrunkToTheEpochsThatFitAndSaysSo() {
        Store store = Stores.open(dir.toString());
        // every epoch reports 100 s: 0.3 h (1080 s) fit 10 of the 20 epochs once the first trial showed it
        FakeTrialEngine engine = new FakeTrialEngine(store, 0, null, 100);
        String source = file(0.3, "cnn");
        SearchRecord done = SearchFixtures.start(store, engine, source);
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).hasSize(6);
        // the first trial had nothing to estimate from
        assertThat(trials.get(0).epochs()).hasSize(20);
        assertThat(trials.get(0).epochLimit()).isNull();
        for (TrialRecord t : trials.subList(1, 6)) {
            assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(t.epochLimit()).isEqualTo(10);
            assertThat(t.epochs()).hasSize(10);
            assertThat(t.stopReason()).matches("budget: shrunk to 10 of 20 epochs: 1[0-9]\\.\\d min left, ~1.7 min per epoch of cnn observed");
        }
    }

    @Test void aTrialThatCannotTrainOneEpochInTimeIsNotStartedAndTheSearchSaysWhy() {
        Store store = Stores.open(dir.toString());
        FakeTrialEngine engine = new FakeTrialEngine(store, 0, null, 100);
        String source = file(0.02, "cnn"); // 72 s: not one 100 s epoch
        SearchRecord done = SearchFixtures.start(store, engine, source);
        assertThat(new SearchStore(store).trials(done.id())).hasSize(1);
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(done.statusReason()).matches("budget: 7\\d s left is less than one epoch of cnn \\(~1.7 min per epoch of cnn observed\\); no trial started");
    }

    static TrialRecord finished(ModelFamily model, double secondsPerEpoch, int epochs, double evaluate) {
        TrialConfig c = TrialConfig.builder().model(model).epochs(epochs).build();
        List<EpochMetrics> curve = java.util.stream.IntStream.rangeClosed(1, epochs).mapToObj(e -> new EpochMetrics(e, 1, .5, 1, .5, secondsPerEpoch)).toList();
        return new TrialRecord("t", "s", 1, TrialState.COMPLETE, c, "d", null, curve, epochs, "", null, null,
                new Timing(0, secondsPerEpoch * epochs, evaluate, 0), null, null, null, null, null);
    }

    @Test void theEstimateComesFromTheSameFamilyOnlyAndCountsEvaluationAndQuarterEpochTrials() {
        TrialConfig cnn = TrialConfig.builder().model(ModelFamily.CNN).epochs(10).build();
        assertThat(BudgetPlanner.plan(cnn, 1000, List.of())).isEqualTo(BudgetPlanner.Plan.AS_PROPOSED);
        // mlp epochs are fast, but a cnn's own 60 s epochs decide: 1000 s - 40 s evaluation fit 16 >= 10 epochs
        List<TrialRecord> seen = List.of(finished(ModelFamily.MLP, 5, 3, 40), finished(ModelFamily.CNN, 60, 2, 40));
        assertThat(BudgetPlanner.plan(cnn, 1000, seen).epochLimit()).isNull();
        assertThat(BudgetPlanner.plan(cnn, 400, seen).epochLimit()).isEqualTo(6);
        assertThat(BudgetPlanner.plan(cnn, 400, seen).note()).isEqualTo("shrunk to 6 of 10 epochs: 6.7 min left, ~60 s per epoch of cnn observed + 40 s to evaluate");
        assertThat(BudgetPlanner.plan(cnn, 80, seen).stop()).isEqualTo("budget: 80 s left is less than one epoch of cnn (~60 s per epoch of cnn observed + 40 s to evaluate); no trial started");
        // without a cnn yet there is no estimate: an mlp's 5 s epochs say nothing of a cnn's (the running trial's own
        // budget check ends it at the deadline)
        assertThat(BudgetPlanner.plan(cnn, 30, List.of(finished(ModelFamily.MLP, 5, 3, 0)))).isEqualTo(BudgetPlanner.Plan.AS_PROPOSED);
        // nor does a slow cnn refuse a fast mlp
        TrialConfig mlp = TrialConfig.builder().model(ModelFamily.MLP).epochs(10).build();
        assertThat(BudgetPlanner.plan(mlp, 50, List.of(finished(ModelFamily.CNN, 600, 1, 0)))).isEqualTo(BudgetPlanner.Plan.AS_PROPOSED);
        // a trial pruned at a quarter epoch after 15 s: 60 s per epoch
        TrialRecord quarter = new TrialRecord("q", "s", 2, TrialState.PRUNED, cnn, "d", null, List.of(), null, "", null, null,
                null, null, null, null, null, null, List.of(new Checkpoint(0.25, 1, .3, 15)), null);
        assertThat(BudgetSecondsPerEpoch.of(quarter)).isEqualTo(60);
    }

    @Test void underAshaATrialThatCannotTrainOneEpochStillTrainsTowardsTheFirstRungThatFits() {
        TrialConfig cnn = TrialConfig.builder().model(ModelFamily.CNN).epochs(10).build();
        List<TrialRecord> seen = List.of(finished(ModelFamily.CNN, 400, 1, 0));
        // 150 s left: not one 400 s epoch, but the 0.25-epoch rung (100 s)
        BudgetPlanner.Plan plan = BudgetPlanner.plan(cnn, 150, seen, 0.25);
        assertThat(plan.stop()).isNull();
        assertThat(plan.epochLimit()).isEqualTo(1);
        assertThat(plan.note()).isEqualTo("towards its first rung (0.25 epochs): 2.5 min left is less than one epoch, ~6.7 min per epoch of cnn observed");
        // 90 s left: not even the rung; without rungs, not one epoch either
        assertThat(BudgetPlanner.plan(cnn, 90, seen, 0.25).stop()).startsWith("budget: 1.5 min left is less than one epoch of cnn");
        assertThat(BudgetPlanner.plan(cnn, 150, seen, 0).stop()).startsWith("budget: 2.5 min left is less than one epoch of cnn");
    }

    /** Reaches the package-private estimate. */
    static final class BudgetSecondsPerEpoch {
        static double of(TrialRecord t) { return BudgetPlanner.secondsPerEpoch(t); }
    }
}
