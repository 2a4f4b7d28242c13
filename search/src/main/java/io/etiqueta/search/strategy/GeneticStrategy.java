package io.etiqueta.search.strategy;

import io.etiqueta.search.spec.Dimension;
import io.etiqueta.search.spec.GeneticSettings;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Codec;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;

import java.util.List;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A steady-state genetic algorithm built from Jenetics parts, driven by ask/tell instead of Jenetics' own
 * evaluation stream (trials run elsewhere, in parallel, and may be interrupted), with no generation barrier: each
 * ask breeds one offspring from the trials evaluated so far, so a free slot never waits for slower trials.
 *
 * <p>Genotype: one {@link DoubleChromosome} with a gene in [0, 1) per searched dimension; a {@link Codec} maps it to
 * an immutable {@link TrialConfig} through {@link Dimension#fromUnit} (categorical values as equal cells, numbers
 * linearly or on a log scale). The first {@code population} proposals are random (and more while fewer than two
 * trials are evaluated); with a warm start, the best earlier trials (at most half the population) stand in for some
 * of them. Fitness is the objective, or follows ASHA's rungs ({@link Fitness}). After that the population is the {@code population} best evaluated trials (so the best
 * ones always survive: elitism is built in); two parents are picked from it by {@link TournamentSelector}, and
 * {@link MixedAlterer} applies uniform crossover and a mutation suited to each gene's kind; the first child is the
 * proposal. Every evaluated configuration is cached with its fitness: a child equal to a known or pending
 * configuration is bred again (counted as a cache hit when known) and never trained twice.
 *
 * <p>Randomness comes from a generator seeded by (seed, draw number), installed with {@link RandomRegistry#with}
 * while a child is bred, so the same seed and the same sequence of asks and tells give the same proposals.
 */
final class GeneticStrategy implements Strategy {
    private static final long STREAM = 0x47454e45L; // "GENE"
    /** Children bred in a row without any new configuration before the search counts as converged. */
    private static final int MAX_STALE_DRAWS = 500;

    private final SearchSpec spec;
    private final GeneticSettings settings;
    private final Codec<TrialConfig, DoubleGene> codec;
    private final Fitness fitness;
    /** Every evaluated configuration with its outcome (told, or known from a warm start), in the order it was learnt. */
    private final Map<TrialConfig, TrialRecord> cache = new LinkedHashMap<>();
    /** Warm-start trials by their configuration in this space; the fittest seed the first proposals. */
    private final Map<TrialConfig, TrialRecord> warm = new LinkedHashMap<>();
    private final Map<TrialConfig, Genotype<DoubleGene>> genotypes = new HashMap<>();
    private final Set<TrialConfig> proposed = new HashSet<>();
    private List<Genotype<DoubleGene>> seeded;
    private long draws;
    private int randomFirst;
    private int proposals;
    private int cacheHits;
    private boolean exhausted;

    GeneticStrategy(SearchSpec spec) {
        this.spec = spec;
        this.settings = spec.genetic();
        this.fitness = new Fitness(spec);
        int genes = Math.max(1, spec.searched().size());
        this.codec = Codec.of(Genotype.of(DoubleChromosome.of(0.0, 1.0, genes)), this::decode);
    }

    /** The configuration a genotype stands for, or null when the trial engine would refuse the combination. */
    private TrialConfig decode(Genotype<DoubleGene> gt) {
        double[] u = gt.chromosome().as(DoubleChromosome.class).toArray();
        try {
            return spec.configureUnit(u);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override public Optional<TrialConfig> ask() {
        if (exhausted) return Optional.empty();
        if (seeded == null) {
            seeded = new ArrayList<>(warmSeeds());
            // the best warm-start trials stand in the first population: fewer random ones are needed
            randomFirst = Math.max(0, settings.population() - seeded.size());
        }
        for (int stale = 0; stale < MAX_STALE_DRAWS; stale++) {
            long d = draws++;
            boolean random = proposals < randomFirst || told() < 2;
            Genotype<DoubleGene> child = !seeded.isEmpty() && random ? seeded.remove(0)
                    : RandomRegistry.with(Seeds.random(spec.seed(), STREAM, d), r -> random ? codec.encoding().newInstance() : breed(d));
            TrialConfig c = codec.decode(child);
            if (c == null) continue;
            if (cache.containsKey(c)) {
                if (!random) cacheHits++;
                continue;
            }
            if (!proposed.add(c)) continue;
            genotypes.put(c, child);
            proposals++;
            return Optional.of(c);
        }
        exhausted = true;
        return Optional.empty();
    }

    private int told() { return cache.size(); }

    /** The fittest warm-start configurations (at most half the population), as genotypes near them. */
    private List<Genotype<DoubleGene>> warmSeeds() {
        List<Genotype<DoubleGene>> out = new ArrayList<>();
        if (warm.isEmpty()) return out;
        Map<TrialConfig, Double> f = fitness.of(warm);
        warm.entrySet().stream()
                .filter(e -> f.get(e.getKey()) > Double.NEGATIVE_INFINITY)
                .sorted((a, b) -> Double.compare(f.get(b.getKey()), f.get(a.getKey())))
                .limit(Math.max(1, settings.population() / 2))
                .forEach(e -> spec.toUnit(e.getKey()).ifPresent(u -> out.add(genotype(u))));
        return out;
    }

    private static Genotype<DoubleGene> genotype(double[] u) {
        if (u.length == 0) u = new double[]{0.5};
        return Genotype.of(DoubleChromosome.of(java.util.Arrays.stream(u).mapToObj(v -> DoubleGene.of(v, 0.0, 1.0)).toList()));
    }

    @Override public void warmStart(List<TrialRecord> earlier) {
        for (TrialRecord t : earlier) {
            // a configuration this space can express exactly is known: never trained again, and it seeds the first
            // proposals; one it cannot is still a hint of where the good region is
            var same = spec.inSpace(t.config());
            if (same.isPresent()) {
                cache.putIfAbsent(same.get(), t);
                warm.putIfAbsent(same.get(), t);
            } else if (spec.toUnit(t.config()).isPresent()) {
                try {
                    warm.putIfAbsent(spec.configureUnit(spec.toUnit(t.config()).get()), t);
                } catch (IllegalArgumentException refused) {
                    // no legal configuration of this space near it
                }
            }
        }
    }

    /** One child of two tournament-picked parents from the best {@code population} evaluated trials (see {@link Fitness}). */
    private Genotype<DoubleGene> breed(long d) {
        Map<TrialConfig, Double> known = fitness.of(cache);
        List<TrialConfig> order = new ArrayList<>(cache.keySet());
        ISeq<Phenotype<DoubleGene, Double>> population = order.stream()
                .sorted(Comparator.comparing((TrialConfig c) -> known.getOrDefault(c, Double.NEGATIVE_INFINITY)).reversed()) // stable: ties keep tell order
                .limit(settings.population())
                .map(c -> Phenotype.<DoubleGene, Double>of(genotypeOf(c), d).withFitness(known.getOrDefault(c, Double.NEGATIVE_INFINITY)))
                .collect(ISeq.toISeq());
        ISeq<Phenotype<DoubleGene, Double>> parents = new TournamentSelector<DoubleGene, Double>(settings.tournament())
                .select(population, 2, Optimize.MAXIMUM);
        return new MixedAlterer(spec.searched(), settings.crossover(), settings.mutation())
                .alter(parents, d).population().get(0).genotype();
    }

    private Genotype<DoubleGene> genotypeOf(TrialConfig c) {
        Genotype<DoubleGene> g = genotypes.get(c);
        if (g != null) return g;
        return spec.toUnit(c).map(GeneticStrategy::genotype).orElseGet(() -> codec.encoding().newInstance());
    }

    @Override public void tell(TrialConfig config, TrialRecord outcome) {
        cache.put(config, outcome);
    }

    @Override public int cacheHits() { return cacheHits; }

    /** How many configurations were proposed so far. */
    int proposals() { return proposals; }
}
