package io.etiqueta.search.execution;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.data.Datasets;
import io.etiqueta.data.TestData;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.train.EngineSettings;
import io.etiqueta.train.LocalTrialEngine;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A small real search with ASHA: the real engine on a slice of the real Fashion-MNIST. */
class AshaSearchTest {
    @TempDir Path dir;

    @Test void geneticWithAshaCompletesWithTrialsPrunedAtTheRungs() {
        Path data = TestData.fashionMnistSlice(dir.resolve("fashion"), 60, 10);
        Store store = Stores.open(dir.resolve("store").toString());
        // half the learning rates barely learn in a few batches: the rungs have something to prune
        String source = """
                name: asha
                dataset: %s
                strategy: genetic
                seed: 3
                budget: {trials: 10}
                workers: 2
                genetic: {population: 5, elites: 1}
                pruning: {kind: asha, eta: 3, min_resource: 0.25}
                space:
                  model: mlp
                  layers: [[32], [64]]
                  optimizer: [sgd, adam]
                  learning_rate: [0.00001, 0.003]
                  activation: [relu, tanh]
                  batch_size: 16
                  epochs: 3
                """.formatted(data);
        var engine = new LocalTrialEngine(store, EngineSettings.defaults(), Datasets::load, l -> {});
        SearchRecord done = SearchFixtures.start(store, engine, source);

        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).hasSize(10);
        List<TrialRecord> pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).toList();
        assertThat(pruned).as("pruned trials").isNotEmpty();
        assertThat(done.counts().pruned()).isEqualTo(pruned.size());
        List<Double> rungs = List.of(0.25, 0.75, 2.25);
        for (TrialRecord t : pruned) {
            // stopped at a rung, measured at every rung up to it and nowhere else
            assertThat(rungs).as(t.stopReason()).contains(t.resource());
            assertThat(t.stopReason()).matches("pruned at (0\\.25|0\\.75|2\\.25) epochs: val_accuracy \\d\\.\\d{4} not in the top 1/3 of the \\d+ trials at rung \\d .*");
            assertThat(t.checkpoints()).extracting(Checkpoint::resource).containsExactlyElementsOf(rungs.stream().filter(r -> r <= t.resource()).toList());
            assertThat(t.bundleKey()).isNull();
        }
        List<TrialRecord> complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        assertThat(complete).isNotEmpty().allSatisfy(t -> {
            assertThat(t.epochs()).hasSize(3);
            assertThat(t.checkpoints()).extracting(Checkpoint::resource).containsExactlyElementsOf(rungs);
            assertThat(t.test()).isNotNull();
        });
        assertThat(done.bestTrialId()).isIn(complete.stream().map(TrialRecord::id).toList());
    }
}
