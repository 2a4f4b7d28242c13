package io.etiqueta.search.execution;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Running trials end before their epochs are done when the search says so: {@code search stop --now} (cancel
 * markers, honoured after the current epoch) and a spent hours budget (the trial stops at its next epoch, keeping
 * what it trained), so a search ends within its hours budget instead of waiting for its longest trial.
 */
class RunningTrialsEndTest {
    @TempDir Path dir;

    static String file(String budget) {
        return """
                name: long
                dataset: fake
                strategy: random
                seed: 5
                budget: %s
                workers: 2
                space:
                  model: [mlp, cnn]
                  optimizer: [adam, nadam]
                  learning_rate: {log_uniform: [0.0003, 0.003]}
                  epochs: 1000
                """.formatted(budget);
    }

    /** The trials see the stop marker (or the cancel marker the coordinator writes then, whichever they read first). */
    @Test void stopNowEndsTheRunningTrialsAfterTheirCurrentEpochKeepingWhatTheyTrained() throws Exception {
        Store store = Stores.open(dir.toString());
        SearchStore searches = new SearchStore(store);
        String source = file("{trials: 6}");
        SearchRunner runner = new SearchRunner(store, new FakeTrialEngine(store, 50, null), null);
        SearchRecord created = SearchFixtures.create(runner, source);
        AtomicReference<SearchRecord> result = new AtomicReference<>();
        Thread search = new Thread(() -> result.set(runner.run(created.id(), null)));
        search.start();
        StoreOutageTest.await("both trials to train an epoch", () -> List.of("t0001", "t0002").stream()
                .allMatch(t -> searches.progress(created.id(), t).map(p -> p.epoch() >= 1).orElse(false)));
        searches.requestStop(created.id(), true); // what 'search stop ID --now' writes
        search.join(Duration.ofSeconds(60));
        assertThat(search.isAlive()).as("the search stopped").isFalse();

        SearchRecord done = result.get();
        assertThat(done.status()).isEqualTo(SearchStatus.STOPPED);
        List<TrialRecord> trials = searches.trials(done.id());
        assertThat(trials).as("no trial started after the stop").hasSize(2).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TrialState.PRUNED);
            assertThat(t.stopReason()).contains("cancelled: search stopped with --now");
            assertThat(t.epochs()).as("what it trained is kept").isNotEmpty().hasSizeLessThan(1000);
        });
    }

    @Test void aRunningTrialStopsAtItsNextEpochWhenTheHoursBudgetIsSpentKeepingWhatItTrained() {
        Store store = Stores.open(dir.toString());
        double hours = 0.001; // 3.6 s; a trial of 1000 epochs of 50 ms would need 50 s
        String source = file("{hours: " + hours + "}");
        long t0 = System.nanoTime();
        SearchRecord done = SearchFixtures.start(store, new FakeTrialEngine(store, 50, null), source);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(done.statusReason()).isEqualTo("budget: 0.001 hours");
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).hasSize(2).allSatisfy(t -> {
            assertThat(t.state()).as("stopped by the budget, its best epoch kept").isEqualTo(TrialState.COMPLETE);
            assertThat(t.stopReason()).matches("stopped at epoch \\d+: budget: 0\\.001 hours");
            assertThat(t.epochs()).isNotEmpty().hasSizeLessThan(1000);
            assertThat(t.bundleKey()).isNotNull();
        });
        // the budget plus an epoch, a re-read of search.json and the bookkeeping (generous for a loaded machine), far
        // from the 50 s the trials would have run on
        assertThat(done.elapsedSeconds()).as("search time").isLessThan(hours * 3600 + 8);
        assertThat(seconds).as("wall time").isLessThan(25);
    }
}
