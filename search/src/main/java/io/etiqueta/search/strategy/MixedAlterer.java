package io.etiqueta.search.strategy;

import io.etiqueta.search.spec.Dimension;
import io.jenetics.AltererResult;
import io.jenetics.Alterer;
import io.jenetics.Chromosome;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Crossover and mutation for genotypes that mix categorical and numeric genes (one gene in [0, 1) per searched
 * dimension). Parents are paired in order and swap each gene with probability {@code crossover} (uniform
 * crossover: genes are independent dimensions, so no position is special). Mutation, with probability
 * {@code mutation} per gene, depends on the dimension: a categorical gene jumps to another value, chosen
 * uniformly, since its values have no order; a numeric gene (integer, uniform, log-uniform) moves by a Gaussian
 * step of a tenth of its unit range, reflected at the bounds, so good values are refined rather than forgotten.
 */
final class MixedAlterer implements Alterer<DoubleGene, Double> {
    private static final double STEP = 0.1;
    private final List<Dimension> genes;
    private final double crossover;
    private final double mutation;

    MixedAlterer(List<Dimension> genes, double crossover, double mutation) {
        this.genes = genes;
        this.crossover = crossover;
        this.mutation = mutation;
    }

    @Override public AltererResult<DoubleGene, Double> alter(Seq<Phenotype<DoubleGene, Double>> population, long generation) {
        RandomGenerator random = RandomRegistry.random();
        List<double[]> offspring = new ArrayList<>();
        for (Phenotype<DoubleGene, Double> p : population) offspring.add(p.genotype().chromosome().as(DoubleChromosome.class).toArray());
        int alterations = 0;
        for (int i = 0; i + 1 < offspring.size(); i += 2) {
            double[] a = offspring.get(i);
            double[] b = offspring.get(i + 1);
            for (int k = 0; k < a.length; k++) {
                if (random.nextDouble() < crossover) {
                    double t = a[k];
                    a[k] = b[k];
                    b[k] = t;
                    alterations++;
                }
            }
        }
        for (double[] x : offspring) {
            for (int k = 0; k < x.length && k < genes.size(); k++) {
                if (random.nextDouble() >= mutation) continue;
                x[k] = mutate(genes.get(k), x[k], random);
                alterations++;
            }
        }
        ISeq<Phenotype<DoubleGene, Double>> out = offspring.stream()
                .map(x -> Phenotype.<DoubleGene, Double>of(Genotype.of(chromosome(x)), generation))
                .collect(ISeq.toISeq());
        return new AltererResult<>(out, alterations);
    }

    static double mutate(Dimension d, double u, RandomGenerator random) {
        if (d.discrete()) {
            int n = d.count();
            int current = Math.min((int) Math.floor(u * n), n - 1);
            int other = random.nextInt(n - 1);
            if (other >= current) other++;
            return (other + 0.5) / n;
        }
        double v = u + random.nextGaussian() * STEP;
        while (v < 0 || v >= 1) v = v < 0 ? -v : 2 - v - 1e-9; // reflect into [0, 1)
        return v;
    }

    private static Chromosome<DoubleGene> chromosome(double[] x) {
        DoubleGene[] g = new DoubleGene[x.length];
        for (int i = 0; i < x.length; i++) g[i] = DoubleGene.of(x[i], 0.0, 1.0);
        return DoubleChromosome.of(g);
    }
}
