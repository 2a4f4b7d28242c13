package io.etiqueta.search.strategy;

import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Independent uniform draws over the space. Draw i comes from its own generator seeded by (seed, i), so the
 * proposals do not depend on outcomes, timing or interruptions. A draw equal to an earlier one (or one the engine
 * refuses) is drawn again, so no configuration is trained twice; after many such failures the space is used up.
 */
final class RandomStrategy implements Strategy {
    private static final int MAX_REDRAWS = 1000;
    private static final long STREAM = 0x52414e44L; // "RAND"
    private final SearchSpec spec;
    private final Set<TrialConfig> proposed = new HashSet<>();
    private long draws;
    private int redraws;
    private boolean exhausted;

    RandomStrategy(SearchSpec spec) { this.spec = spec; }

    @Override public Optional<TrialConfig> ask() {
        int failures = 0;
        while (!exhausted) {
            TrialConfig c = draw(draws++);
            if (c != null && proposed.add(c)) return Optional.of(c);
            if (c != null) redraws++;
            if (++failures > MAX_REDRAWS) exhausted = true;
        }
        return Optional.empty();
    }

    private TrialConfig draw(long index) {
        SplittableRandom r = Seeds.random(spec.seed(), STREAM, index);
        int n = spec.searched().size();
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = r.nextDouble();
        try {
            return spec.configureUnit(u);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override public void tell(TrialConfig config, TrialRecord outcome) {}

    /** Known configurations are not drawn again (a draw of one counts as a redraw). */
    @Override public void warmStart(List<TrialRecord> earlier) {
        for (TrialRecord t : earlier) spec.inSpace(t.config()).ifPresent(proposed::add);
    }

    /** Draws that repeated an earlier configuration and were drawn again instead of retrained. */
    @Override public int cacheHits() { return redraws; }
}
