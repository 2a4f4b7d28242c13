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
    private final Map<TrialConfig, Double> cache = new HashMap<>();
    private List<Genotype<DoubleGene>> generation = List.of();
    private long generationNumber = -1;
    private int cacheHits;
    private boolean exhausted;

    GeneticStrategy(SearchSpec spec) {
        this.spec = spec;
        this.settings = spec.genetic();
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

    private List<Genotype<DoubleGene>> first() {
        List<Genotype<DoubleGene>> out = new ArrayList<>();
        for (int i = 0; i < settings.population(); i++) out.add(codec.encoding().newInstance());
        return out;
    }

    private List<Genotype<DoubleGene>> breed(long g) {
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

    /** Known fitness: the objective turned higher-is-better; failed, refused or unknown configurations are worst. */
    private double fitness(Genotype<DoubleGene> gt) {
        TrialConfig c = codec.decode(gt);
        Double f = c == null ? null : cache.get(c);
        return f == null ? Double.NEGATIVE_INFINITY : f;
    }

    @Override public void tell(TrialConfig config, TrialRecord outcome) {
        cache.put(config, spec.objective().score(outcome).orElse(Double.NEGATIVE_INFINITY));
    }

    @Override public int cacheHits() { return cacheHits; }

    /** The generation last proposed (0-based). */
    long generation() { return generationNumber; }
}
