package io.etiqueta.search.strategy;

import io.etiqueta.search.spec.Dimension;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every combination of the listed values, in file order with the first dimension varying slowest: the notebooks'
 * tables row by row. Combinations the trial engine refuses (for example an mlp without layers) are skipped.
 */
final class GridStrategy implements Strategy {
    private final SearchSpec spec;
    private final long total;
    private long next;
    private final Set<TrialConfig> proposed = new LinkedHashSet<>();

    GridStrategy(SearchSpec spec) {
        this.spec = spec;
        long t = 1;
        for (Dimension d : spec.space()) t = Math.multiplyExact(t, d.count());
        this.total = t;
    }

    /** The number of combinations, including any the engine would refuse. */
    long size() { return total; }

    @Override public Optional<TrialConfig> ask() {
        while (next < total) {
            TrialConfig c = combination(next++);
            if (c != null && proposed.add(c)) return Optional.of(c);
        }
        return Optional.empty();
    }

    private TrialConfig combination(long index) {
        List<Dimension> dims = spec.space();
        Object[] values = new Object[dims.size()];
        for (int i = dims.size() - 1; i >= 0; i--) {
            int n = dims.get(i).count();
            values[i] = dims.get(i).at((int) (index % n));
            index /= n;
        }
        try {
            return spec.configure(List.of(values));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override public void tell(TrialConfig config, TrialRecord outcome) {}

    @Override public int cacheHits() { return 0; }
}
