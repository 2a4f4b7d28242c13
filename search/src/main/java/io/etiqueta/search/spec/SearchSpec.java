package io.etiqueta.search.spec;

import io.etiqueta.trial.TrialConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated search file (see {@link SearchFiles}): what to explore and how. Immutable.
 *
 * @param batch   trials proposed together; a genetic generation. The next batch is proposed when this one is over,
 *                from the seed and the results so far, which makes proposals independent of timing and workers.
 * @param workers trials trained at once by the local executor (the command line can override it)
 * @param space   the dimensions in file order; a grid walks them with the first one slowest
 * @param warmStart earlier searches (ids, same store and dataset) whose finished trials the strategy is told before
 *                  it proposes anything ({@code search start --warm-start})
 * @param executor where trials run (local threads by default)
 */
public record SearchSpec(
        String name,
        String dataset,
        Objective objective,
        StrategyKind strategy,
        long seed,
        Budget budget,
        int workers,
        int batch,
        GeneticSettings genetic,
        PruningSettings pruning,
        List<Dimension> space,
        List<String> warmStart,
        ExecutorSettings executor) {

    public SearchSpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("name must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit, got '" + name + "'");
        }
        if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("dataset is required");
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        if (genetic == null) genetic = GeneticSettings.DEFAULT;
        if (pruning == null) pruning = PruningSettings.none();
        if (budget == null) budget = new Budget(null, null, null);
        space = List.copyOf(space);
        warmStart = warmStart == null ? List.of() : List.copyOf(warmStart);
        if (executor == null) executor = ExecutorSettings.DEFAULT;
    }

    /** A spec without warm start whose trials run locally. */
    public SearchSpec(String name, String dataset, Objective objective, StrategyKind strategy, long seed, Budget budget, int workers,
                      int batch, GeneticSettings genetic, PruningSettings pruning, List<Dimension> space) {
        this(name, dataset, objective, strategy, seed, budget, workers, batch, genetic, pruning, space, List.of(), ExecutorSettings.DEFAULT);
    }

    public SearchSpec withWarmStart(List<String> searchIds) {
        return new SearchSpec(name, dataset, objective, strategy, seed, budget, workers, batch, genetic, pruning, space, searchIds, executor);
    }

    public SearchSpec withExecutor(ExecutorSettings e) {
        return new SearchSpec(name, dataset, objective, strategy, seed, budget, workers, batch, genetic, pruning, space, warmStart, e);
    }

    /** Trials in flight at once: the executor's max_in_flight, else workers. */
    public int slots() { return executor.slots(workers); }

    public SearchSpec withWorkers(int n) {
        return new SearchSpec(name, dataset, objective, strategy, seed, budget, n, batch, genetic, pruning, space, warmStart, executor);
    }

    public SearchSpec withDataset(String d) {
        return new SearchSpec(name, d, objective, strategy, seed, budget, workers, batch, genetic, pruning, space, warmStart, executor);
    }

    public SearchSpec withName(String n) {
        return new SearchSpec(n, dataset, objective, strategy, seed, budget, workers, batch, genetic, pruning, space, warmStart, executor);
    }

    /** The dimensions that vary (more than one possible value), in file order: the genes of the genetic strategy. */
    public List<Dimension> searched() { return space.stream().filter(d -> !d.fixed()).toList(); }

    public Optional<Dimension> dimension(Parameter p) { return space.stream().filter(d -> d.parameter() == p).findFirst(); }

    /**
     * The trial configuration for one value per dimension of {@link #space()} (in order). Every trial of a search
     * trains with the search's seed, so configurations differ only by what the space says. Throws
     * IllegalArgumentException when the combination is not a legal configuration.
     */
    public TrialConfig configure(List<Object> values) {
        if (values.size() != space.size()) throw new IllegalArgumentException("expected " + space.size() + " values, got " + values.size());
        TrialConfig.Builder b = TrialConfig.builder().seed(seed);
        Integer depth = null;
        Integer width = null;
        for (int i = 0; i < space.size(); i++) {
            Parameter p = space.get(i).parameter();
            Object v = values.get(i);
            if (p == Parameter.DEPTH) depth = ((Number) v).intValue();
            else if (p == Parameter.WIDTH) width = ((Number) v).intValue();
            else p.apply(b, v);
        }
        if (depth != null || width != null) {
            b.layers(Collections.nCopies(depth == null ? 1 : depth, width == null ? 256 : width));
        }
        return b.build();
    }

    /**
     * The unit positions of a configuration's values in this space's searched dimensions (the inverse of
     * {@link #configureUnit}), or empty when one of its values is not in the space.
     */
    public Optional<double[]> toUnit(TrialConfig config) {
        List<Dimension> searched = searched();
        double[] u = new double[searched.size()];
        for (int i = 0; i < u.length; i++) {
            Dimension d = searched.get(i);
            Object v = d.parameter().valueIn(config);
            if (v == null) return Optional.empty();
            boolean inside = switch (d.kind()) {
                case CATEGORICAL -> d.values().contains(v);
                default -> v instanceof Number n && n.doubleValue() >= d.low() && n.doubleValue() <= d.high();
            };
            if (!inside) return Optional.empty();
            u[i] = Math.min(d.toUnit(v), Math.nextDown(1.0));
        }
        return Optional.of(u);
    }

    /** The configuration in this space equal to {@code config} but for the seed, or empty when there is none. */
    public Optional<TrialConfig> inSpace(TrialConfig config) {
        return toUnit(config).flatMap(u -> {
            try {
                TrialConfig c = configureUnit(u);
                return c.equals(config.toBuilder().seed(seed).build()) ? Optional.of(c) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The configuration made of each dimension's value at the given unit positions (see {@link Dimension#fromUnit}). */
    public TrialConfig configureUnit(double[] unitOfSearched) {
        List<Object> values = new ArrayList<>(space.size());
        int g = 0;
        for (Dimension d : space) values.add(d.fixed() ? d.at(0) : d.fromUnit(unitOfSearched[g++]));
        return configure(values);
    }
}
