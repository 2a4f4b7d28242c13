package io.etiqueta.search.strategy;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.execution.FakeTrialEngine;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.ActivationType;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import io.etiqueta.trial.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StrategiesTest {
    static final String GRID = """
            name: grid
            dataset: d
            strategy: grid
            seed: 3
            space:
              model: mlp
              optimizer: [sgd, adam, rmsprop]
              activation: [relu, tanh, sigmoid]
              layers: [[512], [512, 256], [512, 256, 256]]
            """;

    static SearchSpec spec(String strategy, int seed, int trials) {
        return SearchFixtures.spec(SearchFixtures.searchFile("s", strategy, seed, trials, "genetic: {population: 8, elites: 2}",
                SearchFixtures.MIXED_SPACE + "layers: [[512], [512, 256], [512, 256, 256]]\nepochs: 3"));
    }

    /** Drives a strategy the way the runner does, with the fake engine's quality as the outcome. */
    static List<TrialConfig> drive(Strategy s, int trials) {
        List<TrialConfig> all = new ArrayList<>();
        while (all.size() < trials) {
            TrialConfig c = s.ask().orElse(null);
            if (c == null) break;
            all.add(c);
            s.tell(c, outcome(c));
        }
        return all.subList(0, Math.min(trials, all.size()));
    }

    static TrialRecord outcome(TrialConfig c) {
        double q = FakeTrialEngine.quality(c);
        return new TrialRecord("t", "s", 1, TrialState.COMPLETE, c, "d", null, List.of(new EpochMetrics(1, 1, q, 1, q, 1)), 1,
                "max epochs", null, null, null, null, null, null, null, null);
    }

    @Test void gridWalksEveryCombinationWithTheFirstDimensionSlowest() {
        SearchSpec spec = SearchFiles.parse(GRID, "g.yaml");
        List<TrialConfig> all = drive(Strategy.of(spec), 1000);
        assertThat(all).hasSize(27).doesNotHaveDuplicates();
        assertThat(all.get(0).optimizer()).isEqualTo(OptimizerType.SGD);
        assertThat(all.get(0).activation()).isEqualTo(ActivationType.RELU);
        assertThat(all.get(0).layers()).containsExactly(512);
        assertThat(all.get(1).layers()).containsExactly(512, 256);
        assertThat(all.get(3).activation()).isEqualTo(ActivationType.TANH);
        assertThat(all.get(9).optimizer()).isEqualTo(OptimizerType.ADAM);
        assertThat(all.get(26).optimizer()).isEqualTo(OptimizerType.RMSPROP);
        assertThat(all).allSatisfy(c -> assertThat(c.seed()).isEqualTo(3));
    }

    @Test void gridProposesOneAtATimeWithoutWaitingForOutcomes() {
        SearchSpec spec = SearchFiles.parse(GRID, "g.yaml");
        Strategy s = Strategy.of(spec);
        List<TrialConfig> untold = new ArrayList<>();
        for (int i = 0; i < 5; i++) untold.add(s.ask().orElseThrow());
        assertThat(untold).hasSize(5).doesNotHaveDuplicates();
    }

    @Test void geneticBreedsFromTheEvaluatedPopulationWhileOthersAreStillRunning() {
        // steady state: after the first population (random), each ask breeds one child from what is evaluated so
        // far, even with trials still out; no generation barrier, no duplicate proposals
        Strategy s = Strategy.of(spec("genetic", 9, 40));
        List<TrialConfig> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) out.add(s.ask().orElseThrow());
        for (int i = 0; i < 3; i++) s.tell(out.get(i), outcome(out.get(i))); // 5 of the first 8 still running
        for (int i = 0; i < 6; i++) out.add(s.ask().orElseThrow());
        assertThat(out).hasSize(14).doesNotHaveDuplicates();
    }

    @Test void randomIsReproducibleForASeedAndDiffersAcrossSeeds() {
        List<TrialConfig> a = drive(Strategy.of(spec("random", 1, 30)), 30);
        List<TrialConfig> b = drive(Strategy.of(spec("random", 1, 30)), 30);
        List<TrialConfig> c = drive(Strategy.of(spec("random", 2, 30)), 30);
        assertThat(a).hasSize(30).doesNotHaveDuplicates().isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        // every dimension is explored
        assertThat(a.stream().map(TrialConfig::model).distinct().count()).isEqualTo(3);
        assertThat(a.stream().map(TrialConfig::optimizer).distinct().count()).isEqualTo(4);
        assertThat(a).allSatisfy(x -> assertThat(x.learningRate()).isBetween(0.0001, 0.1));
        assertThat(a).allSatisfy(x -> assertThat(x.dropout()).isBetween(0.0, 0.5));
    }

    @Test void randomUsesUpASmallSpaceWithoutRepeating() {
        SearchSpec spec = SearchFiles.parse("""
                name: s
                dataset: d
                strategy: random
                budget: {trials: 100}
                space:
                  optimizer: [sgd, adam]
                  activation: [relu, tanh, elu]
                """, "r.yaml");
        Strategy s = Strategy.of(spec);
        List<TrialConfig> all = drive(s, 100);
        assertThat(all).hasSize(6).doesNotHaveDuplicates();
        assertThat(s.cacheHits()).isPositive();
    }

    @Test void geneticIsReproducibleForASeed() {
        List<TrialConfig> a = drive(Strategy.of(spec("genetic", 5, 48)), 48);
        List<TrialConfig> b = drive(Strategy.of(spec("genetic", 5, 48)), 48);
        assertThat(a).hasSize(48).isEqualTo(b).doesNotHaveDuplicates();
        assertThat(drive(Strategy.of(spec("genetic", 6, 48)), 48)).isNotEqualTo(a);
    }

    @Test void geneticImprovesOnTheFakeObjectiveAndBeatsRandomOnAverage() {
        double geneticBest = 0, randomBest = 0, lateMean = 0, firstMean = 0;
        int seeds = 8;
        for (int seed = 1; seed <= seeds; seed++) {
            List<TrialConfig> g = drive(Strategy.of(spec("genetic", seed, 64)), 64);
            List<TrialConfig> r = drive(Strategy.of(spec("random", seed, 64)), 64);
            geneticBest += g.stream().mapToDouble(FakeTrialEngine::quality).max().orElseThrow();
            randomBest += r.stream().mapToDouble(FakeTrialEngine::quality).max().orElseThrow();
            firstMean += g.subList(0, 8).stream().mapToDouble(FakeTrialEngine::quality).average().orElseThrow();
            lateMean += g.subList(g.size() - 8, g.size()).stream().mapToDouble(FakeTrialEngine::quality).average().orElseThrow();
        }
        assertThat(lateMean / seeds).as("later generations are better than the first").isGreaterThan(firstMean / seeds + 0.05);
        assertThat(geneticBest / seeds).as("genetic best vs random best").isGreaterThan(randomBest / seeds);
    }

    @Test void geneticNeverProposesAConfigurationItAlreadyKnows() {
        // 2 x 2 x 2 = 8 configurations: the population soon breeds known ones, which come from the cache
        SearchSpec spec = SearchFiles.parse("""
                name: s
                dataset: d
                strategy: genetic
                budget: {trials: 100}
                genetic: {population: 6, elites: 2, mutation: 0.3}
                space:
                  optimizer: [sgd, adam]
                  activation: [relu, tanh]
                  layers: [[64], [128]]
                """, "c.yaml");
        Strategy s = Strategy.of(spec);
        List<TrialConfig> all = drive(s, 100);
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);
        assertThat(all.size()).isLessThanOrEqualTo(8);
        assertThat(s.cacheHits()).isPositive();
    }
}
