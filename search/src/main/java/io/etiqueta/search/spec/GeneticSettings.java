package io.etiqueta.search.spec;

/**
 * The genetic strategy's knobs.
 *
 * @param population individuals per generation (a generation is one batch of trials)
 * @param elites     best individuals carried unchanged into the next generation (never retrained: cached)
 * @param crossover  probability that two parents swap each gene (uniform crossover across dimensions)
 * @param mutation   probability that a gene mutates: categorical genes jump to another value, numeric ones move
 *                   by a Gaussian step of a tenth of their range
 * @param tournament tournament size of the parent selection
 */
public record GeneticSettings(int population, int elites, double crossover, double mutation, int tournament) {
    public static final GeneticSettings DEFAULT = new GeneticSettings(8, 2, 0.5, 0.2, 3);

    public GeneticSettings {
        if (population < 2) throw new IllegalArgumentException("population must be at least 2, got " + population);
        if (elites < 0 || elites >= population) throw new IllegalArgumentException("elites must be in 0.." + (population - 1) + ", got " + elites);
        if (crossover < 0 || crossover > 1) throw new IllegalArgumentException("crossover must be a probability in [0, 1], got " + crossover);
        if (mutation < 0 || mutation > 1) throw new IllegalArgumentException("mutation must be a probability in [0, 1], got " + mutation);
        if (tournament < 1) throw new IllegalArgumentException("tournament must be at least 1, got " + tournament);
    }
}
