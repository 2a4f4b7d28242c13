package io.etiqueta.search.execution;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.search.store.TrialAssignment;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** ASHA's retrain phase ({@code pruning.retrain}): strict rungs, then the best configurations trained again to the end. */
class RetrainPhaseTest {
    @TempDir Path dir;

    static final PruningSettings STRICT = new PruningSettings(PruningSettings.Rule.ASHA, 1, 0, "val_accuracy", null, 3, 0.25, 0.6);

    static TrialRecord trial(int number, TrialState state, double learningRate, double[] resources, double[] accuracies) {
        return trial(number, state, learningRate, 10, "", resources, accuracies);
    }

    static TrialRecord trial(int number, TrialState state, double learningRate, int epochs, String stopReason, double[] resources, double[] accuracies) {
        SearchFixtures.Measurements m = SearchFixtures.measurements(resources, accuracies);
        TrialConfig c = TrialConfig.builder().learningRate(learningRate).epochs(epochs).build();
        return new TrialRecord("t%04d".formatted(number), "s", number, state, c, "d", null, m.epochs(), null, stopReason, null, null,
                null, null, null, null, null, null, m.checkpoints(), null);
    }

    @Test void candidatesRankByTheRungTheyReachedThenByTheirValueThere() {
        TrialRecord lowAtSecond = trial(1, TrialState.PRUNED, 0.001, new double[]{0.25, 0.75}, new double[]{0.80, 0.85});
        TrialRecord bestAtFirst = trial(2, TrialState.PRUNED, 0.002, new double[]{0.25}, new double[]{0.95});
        TrialRecord highAtSecond = trial(3, TrialState.PRUNED, 0.003, new double[]{0.25, 0.75, 1}, new double[]{0.82, 0.88, 0.70});
        TrialRecord complete = trial(4, TrialState.COMPLETE, 0.004, 2, "max epochs (2)", new double[]{0.25, 0.75, 1, 2}, new double[]{0.9, 0.9, 0.9, 0.99});
        // stopped after its first of 10 epochs where exploration ended: complete, but cut short
        TrialRecord stoppedShort = trial(8, TrialState.COMPLETE, 0.008, 10, "stopped at epoch 1: exploration over", new double[]{0.25, 0.75, 1}, new double[]{0.7, 0.86, 0.87});
        // its own patience stopped it: it had stopped improving, retraining it would not help
        TrialRecord converged = trial(9, TrialState.COMPLETE, 0.009, 10, "early stopping at epoch 1: val_loss did not improve for 1 epochs",
                new double[]{0.25, 0.75, 1}, new double[]{0.99, 0.99, 0.99});
        TrialRecord failed = trial(5, TrialState.FAILED, 0.005, new double[]{0.25}, new double[]{0.99});
        TrialRecord taken = trial(6, TrialState.PRUNED, 0.006, new double[]{0.25, 0.75}, new double[]{0.99, 0.99});
        TrialRecord neverMeasured = trial(7, TrialState.PRUNED, 0.007, new double[]{}, new double[]{});
        List<TrialRecord> finished = List.of(lowAtSecond, bestAtFirst, highAtSecond, complete, failed, taken, neverMeasured, stoppedShort, converged);

        List<Retraining.Candidate> ranked = Retraining.ranked(finished, Set.of(taken.config()), STRICT);

        // two rungs passed beat one, however high the value at the first; epoch-1 values are no rung and are ignored;
        // the trial that trained all its (2) epochs, the converged, failed, being trained and unmeasured ones are out
        assertThat(ranked).extracting(c -> c.trial().number()).containsExactly(3, 8, 1, 2);
        assertThat(ranked.get(0).rung()).isEqualTo(1);
        assertThat(ranked.get(0).value()).isEqualTo(0.88);
        assertThat(ranked.get(0).describe(STRICT)).isEqualTo("t0003's configuration (val_accuracy 0.8800 at rung 1, 0.75 epochs)");
    }

    private static final String SEARCH = """
            name: retrain
            dataset: fake
            strategy: genetic
            seed: 5
            budget: {hours: 0.004}
            workers: 2
            genetic: {population: 6, elites: 1}
            pruning: {kind: asha, eta: 3, min_resource: 1, retrain: 0.5}
            space:
              model: [mlp, cnn, cnn-bn]
              optimizer: [sgd, adam, rmsprop, nadam]
              learning_rate: {log_uniform: [0.0001, 0.01]}
              activation: [relu, tanh, elu]
              dropout: {uniform: [0.0, 0.4]}
              epochs: 6
            """;

    @Test void theLastShareOfTheBudgetRetrainsTheBestStoppedConfigurationsToTheEndAndAResumeReplaysIt() {
        Store store = Stores.open(dir.toString());
        // 14.4 s of budget, the last 7.2 s retraining; an epoch takes 60 ms and reports 0.3 s (6 epochs fit)
        FakeTrialEngine engine = new FakeTrialEngine(store, 60, null, 0.3);
        SearchRecord done = SearchFixtures.start(store, engine, SEARCH);
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        // the hours, or at their very end no candidate's epoch fitting in what was left
        assertThat(done.statusReason()).startsWith("budget: ");

        SearchStore searches = new SearchStore(store);
        Map<String, TrialRecord> trials = searches.trials(done.id()).stream().collect(Collectors.toMap(TrialRecord::id, Function.identity()));
        List<TrialAssignment> requests = searches.requests(done.id());
        // the strict rungs: the first two trials had no third at the first rung, so neither took the budget
        for (String first : List.of("t0001", "t0002")) {
            assertThat(trials.get(first).state()).isEqualTo(TrialState.PRUNED);
            assertThat(trials.get(first).stopReason()).contains("fewer than the 3 needed to go on (the retrain phase ranks it)");
        }
        List<TrialAssignment> retrains = requests.stream().filter(r -> r.retrainOf() != null).toList();
        assertThat(retrains).as("retrain requests").isNotEmpty();
        Set<TrialConfig> seen = new HashSet<>();
        for (TrialAssignment r : retrains) {
            TrialRecord source = trials.get(r.retrainOf());
            TrialRecord again = trials.get(r.trialId());
            // stopped short of its epochs: at a rung, or where exploration ended
            assertThat(source.state()).isNotEqualTo(TrialState.FAILED);
            assertThat(source.resource()).isLessThan(source.config().epochs());
            assertThat(r.config()).isEqualTo(source.config());
            assertThat(seen.add(r.config())).as("retrained once: " + r.config().summary()).isTrue();
            assertThat(r.pruning().enabled()).isFalse();
            // not before the retrain phase: 7.2 s into the search
            assertThat(Duration.between(done.created(), again.started())).isGreaterThanOrEqualTo(Duration.ofMillis(7200));
            if (again.state() == TrialState.COMPLETE) assertThat(again.stopReason()).endsWith("(retrain of " + r.retrainOf() + ")");
            else assertThat(again.state()).isEqualTo(TrialState.PRUNED); // stopped by the end of the budget
        }
        // the first retrain trained all its epochs (6 of 0.3 s fit in 7 s)
        TrialRecord first = trials.get(retrains.get(0).trialId());
        assertThat(first.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(first.epochs()).hasSize(6);

        // a resume replays the retrain requests without asking the strategy for them
        searches.save(searches.load(done.id()).orElseThrow().with(SearchStatus.STOPPED, "test", done.updated()));
        SearchRecord resumed = new SearchRunner(store, engine, null).run(done.id(), null);
        assertThat(resumed.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(searches.trials(done.id())).hasSize(trials.size());
    }
}
