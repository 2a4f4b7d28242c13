package io.etiqueta.search.execution;

import io.etiqueta.search.strategy.Strategy;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** search start --warm-start: earlier searches' finished trials told to the strategy first; other datasets refused. */
class WarmStartTest {
    @TempDir Path dir;

    static String file(String name, String dataset, String strategy, int seed, int trials) {
        return """
                name: %s
                dataset: %s
                strategy: %s
                seed: %d
                budget: {trials: %d}
                genetic: {population: 6, elites: 2}
                space:
                  model: [mlp, cnn, cnn-bn]
                  optimizer: [sgd, adam, rmsprop, nadam]
                  learning_rate: [0.0001, 0.001, 0.01]
                  activation: [relu, tanh, elu]
                  layers: [[64], [64, 32]]
                  epochs: 4
                """.formatted(name, dataset, strategy, seed, trials);
    }

    static SearchRecord run(Store store, FakeTrialEngine engine, String source, List<String> warm) {
        SearchSpec spec = SearchFiles.parse(source, "f.yaml").withWarmStart(warm);
        return new SearchRunner(store, engine, null).start(spec, source, "f.yaml");
    }

    /** Fingerprints by path: "a" and "a-copy" hold the same data, "b" other data. */
    static final Function<String, String> FINGERPRINTS = path -> Map.of("a", "f00d", "a-copy", "f00d", "b", "beef").get(path);

    @Test void aGeneticSearchStartsFromTheBestEarlierTrialsAndNeverRetrainsThem() {
        Store store = Stores.open(dir.toString());
        SearchStore searches = new SearchStore(store);
        FakeTrialEngine engine = new FakeTrialEngine(store);
        SearchRecord earlier = run(store, engine, file("earlier", "a", "random", 5, 18), List.of());
        List<TrialRecord> known = searches.trials(earlier.id());
        Set<TrialConfig> knownInNewSeed = new HashSet<>();
        for (TrialRecord t : known) knownInNewSeed.add(t.config().toBuilder().seed(9).build());

        String source = file("warm", "a-copy", "genetic", 9, 12);
        SearchSpec spec = SearchFiles.parse(source, "w.yaml").withWarmStart(List.of(earlier.id()));
        WarmStart.check(searches, spec, FINGERPRINTS); // same content under another path: accepted
        SearchRecord warm = new SearchRunner(store, engine, null).start(spec, source, "w.yaml");

        List<TrialRecord> trained = searches.trials(warm.id());
        assertThat(trained).hasSize(12);
        // nothing the earlier search trained is trained again
        assertThat(trained).noneMatch(t -> knownInNewSeed.contains(t.config()));
        // the first generation bred the earlier search's best: it counts them as known (cache hits)
        assertThat(warm.counts().cacheHits()).isPositive();
        assertThat(warm.spec().warmStart()).containsExactly(earlier.id());

        // the same search without warm start starts elsewhere
        FakeTrialEngine cold = new FakeTrialEngine(Stores.open(dir.resolve("cold").toString()));
        SearchRecord coldRun = run(Stores.open(dir.resolve("cold").toString()), cold, source, List.of());
        List<TrialConfig> coldConfigs = new SearchStore(Stores.open(dir.resolve("cold").toString())).trials(coldRun.id()).stream().map(TrialRecord::config).toList();
        assertThat(trained.stream().map(TrialRecord::config).toList()).isNotEqualTo(coldConfigs);
    }

    @Test void theStrategyIsToldTheEarlierTrialsBeforeItProposes() {
        SearchSpec spec = SearchFiles.parse(file("g", "a", "genetic", 9, 12), "g.yaml");
        Store store = Stores.open(dir.toString());
        SearchRecord earlier = run(store, new FakeTrialEngine(store), file("earlier", "a", "random", 9, 10), List.of());
        List<TrialRecord> known = new SearchStore(store).trials(earlier.id());

        Strategy genetic = Strategy.of(spec);
        genetic.warmStart(known);
        List<TrialConfig> first = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) first.add(genetic.ask().orElseThrow());
        // the known configurations are not proposed again: the best of them stand in the population instead
        assertThat(first).doesNotContainAnyElementsOf(known.stream().map(TrialRecord::config).toList()).doesNotHaveDuplicates();
        Strategy random = Strategy.of(SearchFiles.parse(file("r", "a", "random", 9, 12), "r.yaml"));
        random.warmStart(known);
        List<TrialConfig> drawn = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) random.ask().ifPresent(drawn::add);
        assertThat(drawn).doesNotContainAnyElementsOf(known.stream().map(TrialRecord::config).toList());
        assertThat(random.cacheHits()).as("draws of known configurations were drawn again").isPositive();
    }

    @Test void anEarlierSearchOnAnotherDatasetOrAnUnknownOneIsRefusedClearly() {
        Store store = Stores.open(dir.toString());
        SearchStore searches = new SearchStore(store);
        SearchRecord onB = run(store, new FakeTrialEngine(store), file("other", "b", "random", 1, 4), List.of());
        SearchSpec spec = SearchFiles.parse(file("w", "a", "genetic", 1, 6), "w.yaml");

        assertThatThrownBy(() -> WarmStart.check(searches, spec.withWarmStart(List.of(onB.id())), FINGERPRINTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--warm-start: search " + onB.id() + " trained on another dataset (b, fingerprint beef) than this one (a, fingerprint f00d); "
                        + "warm start only from the same data");
        assertThatThrownBy(() -> WarmStart.check(searches, spec.withWarmStart(List.of("nope-20260101-000000")), FINGERPRINTS))
                .hasMessageStartingWith("--warm-start: no search 'nope-20260101-000000' in store");
        SearchSpec grid = SearchFiles.parse("""
                name: g
                dataset: a
                strategy: grid
                space: {optimizer: [sgd, adam]}
                """, "g.yaml");
        assertThatThrownBy(() -> WarmStart.check(searches, grid.withWarmStart(List.of(onB.id())), FINGERPRINTS))
                .hasMessageContaining("needs a random or genetic search");
    }

    @Test void onlyTrialsFinishedBeforeTheSearchWasCreatedAreTold() {
        Store store = Stores.open(dir.toString());
        SearchStore searches = new SearchStore(store);
        SearchRecord earlier = run(store, new FakeTrialEngine(store), file("earlier", "a", "random", 5, 8), List.of());
        List<TrialRecord> all = searches.trials(earlier.id());
        SearchSpec spec = SearchFiles.parse(file("w", "a", "genetic", 1, 6), "w.yaml").withWarmStart(List.of(earlier.id()));
        assertThat(WarmStart.trials(searches, spec, java.time.Instant.now())).hasSize(8);
        java.time.Instant midway = all.get(3).finished().plusNanos(1);
        assertThat(WarmStart.trials(searches, spec, midway)).allSatisfy(t -> assertThat(t.finished()).isBefore(midway))
                .hasSizeBetween(4, 7);
    }

    @Test void theSameWarmTrialsGiveTheSameProposals() {
        Store store = Stores.open(dir.toString());
        SearchStore searches = new SearchStore(store);
        SearchRecord earlier = run(store, new FakeTrialEngine(store), file("earlier", "a", "random", 5, 10), List.of());
        String source = file("warm", "a", "genetic", 9, 12);
        SearchSpec spec = SearchFiles.parse(source, "w.yaml").withWarmStart(List.of(earlier.id()));
        SearchRunner runner = new SearchRunner(store, new FakeTrialEngine(store), null);
        SearchRecord created = runner.create(spec, source, "w.yaml");
        // the earlier search goes on after this one was created: its new trials are not told (resume proposes the same)
        SearchRecord whole = runner.run(created.id(), null);
        List<TrialConfig> once = searches.trials(whole.id()).stream().map(TrialRecord::config).toList();

        Store other = Stores.open(dir.resolve("again").toString());
        SearchRecord earlier2 = run(other, new FakeTrialEngine(other), file("earlier", "a", "random", 5, 10), List.of());
        SearchSpec spec2 = SearchFiles.parse(source, "w.yaml").withWarmStart(List.of(earlier2.id()));
        SearchRecord again = new SearchRunner(other, new FakeTrialEngine(other), null).start(spec2, source, "w.yaml");
        assertThat(new SearchStore(other).trials(again.id()).stream().map(TrialRecord::config).toList()).isEqualTo(once);
        assertThat(searches.load(whole.id()).orElseThrow().spec().warmStart()).containsExactly(earlier.id());
    }
}
