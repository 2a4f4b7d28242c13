package io.etiqueta.search.strategy;

import io.etiqueta.search.spec.Dimension;
import io.etiqueta.search.spec.GeneticSettings;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.EliteSelector;
import io.jenetics.Genotype;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Codec;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generational genetic algorithm built from Jenetics parts, driven by ask/tell instead of Jenetics' own
 * evaluation stream (trials run elsewhere, in parallel, and may be interrupted).
 *
 * <p>Genotype: one {@link DoubleChromosome} with a gene in [0, 1) per searched dimension; a {@link Codec} maps it to
 * an immutable {@link TrialConfig} through {@link Dimension#fromUnit} (categorical values as equal cells, numbers
 * linearly or on a log scale). Each generation: the {@code elites} best survive unchanged (Jenetics'
 * {@link EliteSelector}), parents are picked by {@link TournamentSelector}, and {@link MixedAlterer} applies uniform
 * crossover and a mutation suited to each gene's kind. Every evaluated configuration is cached with its fitness:
 * offspring equal to a known configuration take the known fitness and are never trained again.
 *
 * <p>Randomness comes from a generator seeded by (seed, generation), installed with {@link RandomRegistry#with}
 * while a generation is bred, so the same seed and outcomes give the same generations.
 */
final class GeneticStrategy implements Strategy {
    private static final long STREAM = 0x47454e45L; // "GENE"
    /** Generations bred in a row without any new configuration before the search counts as converged. */
    private static final int MAX_STALE_GENERATIONS = 50;

    private final SearchSpec spec;
    private final GeneticSettings settings;
    private final Codec<TrialConfig, DoubleGene> codec;
    /** Every evaluated configuration with its outcome (told, or known from a warm start). */
    private final Map<TrialConfig, TrialRecord> cache = new HashMap<>();
    private final Fitness fitness;
    private Map<TrialConfig, Double> fitnessOfKnown = Map.of();
    private List<Genotype<DoubleGene>> generation = List.of();
    private long generationNumber = -1;
    private int cacheHits;
    private boolean exhausted;

    GeneticStrategy(SearchSpec spec) {
        this.spec = spec;
        this.settings = spec.genetic();
        int genes = Math.max(1, spec.searched().size());
        this.codec = Codec.of(Genotype.of(DoubleChromosome.of(0.0, 1.0, genes)), this::decode);
        this.fitness = new Fitness(spec);
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

    @Override public List<TrialConfig> ask() {
        if (exhausted) return List.of();
        for (int stale = 0; stale < MAX_STALE_GENERATIONS; stale++) {
            generationNumber++;
            long g = generationNumber;
            generation = RandomRegistry.with(Seeds.random(spec.seed(), STREAM, g), r -> g == 0 ? first() : breed(g));
            Set<TrialConfig> fresh = new LinkedHashSet<>();
            for (Genotype<DoubleGene> gt : generation) {
                TrialConfig c = codec.decode(gt);
                if (c == null) continue;
                if (cache.containsKey(c)) {
                    if (g > 0) cacheHits++;
                } else {
                    fresh.add(c);
                }
            }
            // elites are in the cache by construction; a generation of only known configurations is bred again
            if (!fresh.isEmpty()) return List.copyOf(fresh);
        }
        exhausted = true;
        return List.of();
    }

    /** Random individuals, after the fittest warm-start configurations (at most half the population). */
    private List<Genotype<DoubleGene>> first() {
        List<Genotype<DoubleGene>> out = new ArrayList<>();
        if (!warm.isEmpty()) {
            Map<TrialConfig, Double> f = fitness.of(warm);
            warm.entrySet().stream()
                    .filter(e -> f.get(e.getKey()) > Double.NEGATIVE_INFINITY)
                    .sorted((a, b) -> Double.compare(f.get(b.getKey()), f.get(a.getKey())))
                    .limit(Math.max(1, settings.population() / 2))
                    .forEach(e -> spec.toUnit(e.getKey()).ifPresent(u -> out.add(genotype(u))));
        }
        while (out.size() < settings.population()) out.add(codec.encoding().newInstance());
        return out;
    }

    private static Genotype<DoubleGene> genotype(double[] u) {
        if (u.length == 0) u = new double[]{0.5};
        return Genotype.of(DoubleChromosome.of(java.util.Arrays.stream(u).mapToObj(v -> DoubleGene.of(v, 0.0, 1.0)).toList()));
    }

    /** Warm-start trials by their configuration in this space (seeded with this search's seed). */
    private final Map<TrialConfig, TrialRecord> warm = new java.util.LinkedHashMap<>();

    @Override public void warmStart(List<TrialRecord> earlier) {
        for (TrialRecord t : earlier) {
            // a configuration this space can express exactly is known: never trained again, and it seeds the first
            // generation; one it cannot is still a hint of where the good region is
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

    private List<Genotype<DoubleGene>> breed(long g) {
        fitnessOfKnown = fitness.of(cache);
        ISeq<Phenotype<DoubleGene, Double>> current = generation.stream()
                .map(gt -> Phenotype.<DoubleGene, Double>of(gt, g - 1).withFitness(fitness(gt)))
                .collect(ISeq.toISeq());
        int n = settings.population();
        List<Genotype<DoubleGene>> next = new ArrayList<>();
        if (settings.elites() > 0) {
            new EliteSelector<DoubleGene, Double>(settings.elites(), new TournamentSelector<>(settings.tournament()))
                    .select(current, settings.elites(), Optimize.MAXIMUM)
                    .forEach(p -> next.add(p.genotype()));
        }
        ISeq<Phenotype<DoubleGene, Double>> parents = new TournamentSelector<DoubleGene, Double>(settings.tournament())
                .select(current, n - next.size(), Optimize.MAXIMUM);
        new MixedAlterer(spec.searched(), settings.crossover(), settings.mutation())
                .alter(parents, g).population()
                .forEach(p -> next.add(p.genotype()));
        return next;
    }

    /** Known fitness (see {@link Fitness}); failed, refused or unknown configurations are worst. */
    private double fitness(Genotype<DoubleGene> gt) {
        TrialConfig c = codec.decode(gt);
        Double f = c == null ? null : fitnessOfKnown.get(c);
        return f == null ? Double.NEGATIVE_INFINITY : f;
    }

    @Override public void tell(TrialConfig config, TrialRecord outcome) {
        cache.put(config, outcome);
    }

    @Override public int cacheHits() { return cacheHits; }

    /** The generation last proposed (0-based). */
    long generation() { return generationNumber; }
}
