package io.etiqueta.search.execution;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.report.Report;
import io.etiqueta.report.ReportInput;
import io.etiqueta.report.Reports;
import io.etiqueta.report.StoredSearches;
import io.etiqueta.search.pruning.Pruner;
import io.etiqueta.search.spec.SearchFileException;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchRunnerTest {
    @TempDir Path dir;

    static String file(String strategy, int trials, String extra) {
        return SearchFixtures.searchFile("run", strategy, 11, trials, "genetic: {population: 6, elites: 2}\n" + extra,
                SearchFixtures.MIXED_SPACE + "layers: [[64], [64, 32]]\nepochs: 6");
    }

    @Test void runsToTheBudgetAndRecordsEveryTrialOnce() {
        Store store = Stores.open(dir.toString());
        var engine = new FakeTrialEngine(store);
        String source = file("genetic", 24, "workers: 3");
        SearchRecord done = SearchFixtures.start(store, engine, source);
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(done.statusReason()).isEqualTo("budget: 24 trials");
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).hasSize(24).extracting(TrialRecord::number).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList());
        assertThat(trials).allSatisfy(t -> assertThat(t.state().finished()).isTrue());
        assertThat(trials.stream().map(TrialRecord::config).distinct().count()).isEqualTo(24);
        assertThat(engine.totalRuns()).isEqualTo(24);
        assertThat(done.counts().trials()).isEqualTo(24);
        assertThat(done.bestTrialId()).isNotNull();
        TrialRecord best = trials.stream().filter(t -> t.id().equals(done.bestTrialId())).findFirst().orElseThrow();
        assertThat(trials).filteredOn(t -> t.state() == TrialState.COMPLETE)
                .allSatisfy(t -> assertThat(t.metric("val_accuracy").getAsDouble()).isLessThanOrEqualTo(best.metric("val_accuracy").getAsDouble()));
        assertThat(new SearchStore(store).load(done.id()).orElseThrow()).isEqualTo(done);
    }

    @Test void aCrashingOrDivergingTrialIsRecordedAsFailedAndTheSearchGoesOn() {
        Store store = Stores.open(dir.toString());
        String source = """
                name: crash
                dataset: fake
                strategy: grid
                workers: 2
                space:
                  optimizer: [sgd, adam]
                  learning_rate: [0.001, 0.09]
                  activation: [relu, sigmoid]
                  dropout: [0.0, 0.45]
                  epochs: 3
                """;
        SearchRecord done = SearchFixtures.start(store, new FakeTrialEngine(store), source);
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(done.statusReason()).isEqualTo("grid complete");
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).hasSize(16);
        var crashed = trials.stream().filter(t -> t.config().activation().id().equals("sigmoid") && t.config().dropout() == 0.45).toList();
        assertThat(crashed).hasSize(4).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TrialState.FAILED);
            assertThat(t.error()).contains("crashed").contains("simulated native crash");
        });
        var diverged = trials.stream().filter(t -> t.config().optimizer().id().equals("sgd") && t.config().learningRate() == 0.09 && !crashed.contains(t)).toList();
        assertThat(diverged).hasSize(3).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TrialState.FAILED);
            assertThat(t.stopReason()).startsWith("diverged");
        });
        assertThat(trials.stream().filter(t -> t.state() == TrialState.COMPLETE)).hasSize(9);
        assertThat(done.counts().failed()).isEqualTo(7);
    }

    @Test void aFinishedTrialNeverChanges() {
        Store store = Stores.open(dir.toString());
        SearchStore searches = new SearchStore(store);
        TrialConfig c = TrialConfig.builder().build();
        TrialRecord running = new TrialRecord("t0001", "s", 1, TrialState.RUNNING, c, "d", null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(searches.markRunning(running)).isTrue();
        assertThat(searches.markRunning(running)).as("a stale RUNNING record is taken over").isTrue();
        TrialRecord done = running.withState(TrialState.COMPLETE, "max epochs", null, java.time.Instant.now());
        searches.finish(done);
        assertThatThrownBy(() -> searches.finish(done.withState(TrialState.FAILED, "x", "x", null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never change");
        assertThat(searches.markRunning(running)).as("a finished trial is not restarted").isFalse();
        assertThat(searches.trial("s", "t0001").orElseThrow().state()).isEqualTo(TrialState.COMPLETE);
    }

    @Test void pruningStopsWeakTrialsAgainstEarlierPeersAndCountsTheSavedBudget() {
        Store store = Stores.open(dir.toString());
        String source = file("random", 24, "batch: 6\npruning: {rule: median, warmup_epochs: 2, min_peers: 3}");
        var engine = new FakeTrialEngine(store);
        SearchRecord done = SearchFixtures.start(store, engine, source);
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        var pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).toList();
        assertThat(pruned).isNotEmpty();
        assertThat(pruned).allSatisfy(t -> {
            assertThat(t.stopReason()).startsWith("pruned at epoch").contains("below the median");
            assertThat(t.epochs().size()).isBetween(2, 5);
            assertThat(t.number()).as("the first batch has no peers").isGreaterThan(6);
        });
        assertThat(trials.subList(0, 6)).noneMatch(t -> t.state() == TrialState.PRUNED);
        int saved = pruned.stream().mapToInt(t -> 6 - t.epochs().size()).sum();
        assertThat(done.counts().pruned()).isEqualTo(pruned.size());
        assertThat(done.counts().prunedEpochsSaved()).isEqualTo(saved);
        assertThat(done.counts().prunedSecondsSaved()).isEqualTo(saved * 0.5);
        // the same search without pruning trains the same configurations in full
        String unpruned = file("random", 24, "batch: 6");
        SearchRecord full = SearchFixtures.start(store, new FakeTrialEngine(store), unpruned);
        assertThat(full.counts().epochsTrained() - done.counts().epochsTrained()).isEqualTo(saved);
        // pruned trials were the weak ones: the best is the same
        assertThat(done.bestValue()).isEqualTo(full.bestValue());
    }

    @Test void theMedianRuleComparesBestSoFarValuesAtTheSameEpoch() {
        Pruner p = Pruner.of(new PruningSettings(PruningSettings.Rule.MEDIAN, 2, 3, "val_accuracy", null));
        List<TrialRecord> peers = List.of(peer(0.5, 0.6, 0.7), peer(0.4, 0.5, 0.6), peer(0.6, 0.7, 0.8), peer(0.9));
        assertThat(p.check(curve(0.1), peers)).as("warm-up").isNull();
        assertThat(p.check(curve(0.1, 0.55), peers)).as("median of 0.6, 0.5, 0.7 is 0.6")
                .isEqualTo("val_accuracy 0.5500 below the median 0.6000 of 3 peers");
        assertThat(p.check(curve(0.1, 0.6), peers)).isNull();
        assertThat(p.check(curve(0.65, 0.2), peers)).as("best so far counts, not the last epoch").isNull();
        assertThat(p.check(curve(0.1, 0.2, 0.3, 0.4), peers)).as("too few peers reached epoch 4").isNull();
        Pruner loss = Pruner.of(new PruningSettings(PruningSettings.Rule.MEDIAN, 1, 1, "val_loss", null));
        assertThat(loss.check(lossCurve(2.0), List.of(lossPeer(1.0)))).contains("above the median");
        assertThat(loss.check(lossCurve(0.5), List.of(lossPeer(1.0)))).isNull();
    }

    static List<EpochMetrics> curve(double... acc) {
        List<EpochMetrics> out = new java.util.ArrayList<>();
        for (int i = 0; i < acc.length; i++) out.add(new EpochMetrics(i + 1, 1, acc[i], 1, acc[i], 1));
        return out;
    }

    static List<EpochMetrics> lossCurve(double... loss) {
        List<EpochMetrics> out = new java.util.ArrayList<>();
        for (int i = 0; i < loss.length; i++) out.add(new EpochMetrics(i + 1, loss[i], 0.5, loss[i], 0.5, 1));
        return out;
    }

    static TrialRecord peer(double... acc) {
        return new TrialRecord("p", "s", 1, TrialState.COMPLETE, TrialConfig.builder().build(), "d", null, curve(acc), acc.length, null,
                null, null, null, null, null, null, null, null);
    }

    static TrialRecord lossPeer(double... loss) {
        return new TrialRecord("p", "s", 1, TrialState.COMPLETE, TrialConfig.builder().build(), "d", null, lossCurve(loss), loss.length, null,
                null, null, null, null, null, null, null, null);
    }

    @Test void aStoppedSearchResumesWithoutRetrainingAndProposesWhatAnUninterruptedOneWould() {
        String source = file("genetic", 30, "workers: 2\npruning: median");
        // uninterrupted reference
        Store refStore = Stores.open(dir.resolve("ref").toString());
        SearchRecord ref = SearchFixtures.start(refStore, new FakeTrialEngine(refStore), source);
        List<TrialRecord> expected = new SearchStore(refStore).trials(ref.id());

        Store store = Stores.open(dir.resolve("s").toString());
        SearchStore searches = new SearchStore(store);
        var first = new FakeTrialEngine(store);
        // ask the search to stop after its 9th trial finished (in the middle of the second generation)
        SearchListener stopper = new SearchListener() {
            @Override public void trialFinished(SearchRecord s, TrialRecord t) {
                if (s.counts().trials() == 9) searches.requestStop(s.id());
            }
        };
        SearchRunner runner = new SearchRunner(store, first, stopper);
        SearchRecord created = SearchFixtures.create(runner, source);
        SearchRecord stopped = runner.run(created.id(), null);
        assertThat(stopped.status()).isEqualTo(SearchStatus.STOPPED);
        List<TrialRecord> before = searches.trials(created.id());
        assertThat(before.size()).isBetween(9, 12);

        var second = new FakeTrialEngine(store);
        SearchRecord resumed = new SearchRunner(store, second, null).run(created.id(), 1);
        assertThat(resumed.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(resumed.sessions()).isEqualTo(2);
        List<TrialRecord> after = searches.trials(created.id());
        // with 2 workers the completion order (so the steady-state strategy's proposals) depends on timing: the
        // guarantee is that the search completes its budget, keeps every finished trial and never trains one twice
        assertThat(after).hasSize(expected.size()).allSatisfy(t -> assertThat(t.state().finished()).isTrue());
        assertThat(after).extracting(TrialRecord::config).doesNotHaveDuplicates();
        for (TrialRecord t : before) {
            if (t.state().finished()) {
                assertThat(second.runs(t.config())).as("trial %s was finished before the stop", t.id()).isZero();
                assertThat(after.get(t.number() - 1)).isEqualTo(t);
            }
        }
        assertThat(first.totalRuns() + second.totalRuns()).isEqualTo(30);
    }

    @Test void resumesAndReportsGoByTheStoredSpecNotTheFileText() {
        Store store = Stores.open(dir.toString());
        SearchStore searches = new SearchStore(store);
        String source = file("genetic", 12, "");
        SearchListener stopAfterFourAndEight = new SearchListener() {
            @Override public void trialFinished(SearchRecord s, TrialRecord t) {
                if (s.counts().trials() == 4 || s.counts().trials() == 8) searches.requestStop(s.id());
            }
        };
        SearchRunner runner = new SearchRunner(store, new FakeTrialEngine(store), stopAfterFourAndEight);
        String id = SearchFixtures.create(runner, source).id();
        assertThat(runner.run(id, null).status()).isEqualTo(SearchStatus.STOPPED);

        // the kept text now says another search (5 trials in generations of 3): the resume goes by the stored spec
        String other = file("genetic", 5, "").replace("population: 6", "population: 3");
        assertThat(SearchFiles.parse(other, "f.yaml").budget().trials()).isEqualTo(5);
        replaceSource(searches, id, other);
        SearchRecord second = runner.run(id, null);
        assertThat(second.status()).isEqualTo(SearchStatus.STOPPED);
        assertThat(second.counts().trials()).isGreaterThanOrEqualTo(8);
        assertThat(second.source()).as("the text is kept as it is, for display").isEqualTo(other);

        // and now the text does not parse at all: the resume and the report still work from the spec
        replaceSource(searches, id, "name: [this no longer parses");
        assertThatThrownBy(() -> SearchFiles.parse("name: [this no longer parses", "f.yaml")).isInstanceOf(SearchFileException.class);
        SearchRecord done = runner.run(id, null);
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(done.statusReason()).isEqualTo("budget: 12 trials");
        assertThat(done.sessions()).isEqualTo(3);
        assertThat(done.spec()).isEqualTo(SearchFiles.parse(source, "f.yaml"));
        assertThat(searches.trials(id)).hasSize(12);

        ReportInput report = StoredSearches.read(store, id, List.of());
        assertThat(report.search().budget()).startsWith("12 of 12 trials");
        assertThat(report.search().generations()).as("generations of the stored population, 6")
                .containsEntry(SearchStore.trialId(6), 0).containsEntry(SearchStore.trialId(7), 1).containsEntry(SearchStore.trialId(12), 1);
        assertThat(new String(Reports.generator().generate(report).file(Report.INDEX), java.nio.charset.StandardCharsets.UTF_8)).contains(id);
    }

    /** Rewrites the search file's text kept in search.json, as an edit of the store (or a newer parser) would change it. */
    static void replaceSource(SearchStore searches, String id, String text) {
        SearchRecord r = searches.load(id).orElseThrow();
        searches.save(new SearchRecord(r.formatVersion(), r.id(), r.name(), r.file(), text, r.spec(), r.status(), r.statusReason(),
                r.created(), r.updated(), r.finished(), r.elapsedSeconds(), r.sessions(), r.counts(), r.bestTrialId(), r.bestValue(), r.owner()));
    }

    @Test void hoursAndEpochBudgetsEndTheSearch() {
        Store store = Stores.open(dir.toString());
        String epochs = file("random", 100, "batch: 1").replace("budget: {trials: 100}", "budget: {epochs: 10}").replace("epochs: 6", "epochs: 3");
        SearchRecord byEpochs = SearchFixtures.start(store, new FakeTrialEngine(store), epochs);
        assertThat(byEpochs.statusReason()).isEqualTo("budget: 10 epochs");
        assertThat(byEpochs.counts().epochsTrained()).isBetween(10, 12);

        String hours = file("random", 1000, "").replace("budget: {trials: 1000}", "budget: {hours: 0.0002}");
        // epochs take 40 ms and say so: the last trials may be shrunk or refused by the budget-aware check
        SearchRecord byTime = SearchFixtures.start(store, new FakeTrialEngine(store, 40, null, 0.04), hours);
        assertThat(byTime.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(byTime.statusReason()).matches("budget: (0\\.0002 hours|\\d+ s left is less than one epoch of .*)");
        assertThat(byTime.counts().trials()).isBetween(1, 20);
        assertThat(byTime.elapsedSeconds()).isGreaterThanOrEqualTo(0.72 - 0.04 - 0.01);
    }

    @Test void overridesGivenAtCreationSurviveRunsAndResumes() {
        Store store = Stores.open(dir.toString());
        String source = file("random", 3, "");
        SearchSpec spec = SearchFiles.parse(source, "o.yaml").withName("other").withDataset("elsewhere").withWorkers(2);
        SearchRunner runner = new SearchRunner(store, new FakeTrialEngine(store), null);
        SearchRecord done = runner.run(runner.create(spec, source, "o.yaml").id(), null);
        assertThat(done.id()).startsWith("other-");
        assertThat(done.spec().dataset()).isEqualTo("elsewhere");
        assertThat(done.spec().workers()).isEqualTo(2);
        assertThat(new SearchStore(store).trials(done.id())).allSatisfy(t -> assertThat(t.dataset()).isEqualTo("elsewhere"));
    }

    @Test void theCacheMeansNoConfigurationIsTrainedTwice() {
        Store store = Stores.open(dir.toString());
        String source = """
                name: small
                dataset: fake
                strategy: genetic
                budget: {trials: 100}
                workers: 2
                genetic: {population: 6, elites: 2, mutation: 0.3}
                space:
                  optimizer: [sgd, adam]
                  activation: [relu, tanh]
                  layers: [[64], [128]]
                  epochs: 2
                """;
        var engine = new FakeTrialEngine(store);
        SearchRecord done = SearchFixtures.start(store, engine, source);
        assertThat(done.statusReason()).isEqualTo("search space exhausted");
        assertThat(engine.allRuns().values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(engine.totalRuns()).isEqualTo(done.counts().trials()).isLessThanOrEqualTo(8);
        assertThat(done.counts().cacheHits()).isPositive();
    }
}
