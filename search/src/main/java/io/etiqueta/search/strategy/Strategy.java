package io.etiqueta.search.strategy;

import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.util.List;
import java.util.Optional;

/**
 * Proposes configurations one at a time and learns from their outcomes (ask/tell), with no generation barrier: the
 * runner asks whenever a slot is free and tells each outcome as it arrives. A strategy knows nothing of how trials
 * run or where they are stored. Its proposals depend only on the spec (with its seed) and the sequence of asks and
 * tells, so replaying the stored outcomes in the recorded order rebuilds exactly the strategy an interrupted search
 * had.
 */
public interface Strategy {

    /** The next configuration, never proposed before; empty when there is nothing left to try. */
    Optional<TrialConfig> ask();

    /** The outcome of one proposed configuration (any final state), in any order. */
    void tell(TrialConfig config, TrialRecord outcome);

    /**
     * The finished trials of earlier searches on the same data (warm start), told once before the first ask. Their
     * configurations count as known: the strategy never proposes one of them again.
     */
    default void warmStart(List<TrialRecord> earlier) {}

    /** How many times the strategy arrived at a configuration already evaluated and used the known result. */
    int cacheHits();

    /** The strategy the spec names. */
    static Strategy of(SearchSpec spec) {
        return switch (spec.strategy()) {
            case GRID -> new GridStrategy(spec);
            case RANDOM -> new RandomStrategy(spec);
            case GENETIC -> new GeneticStrategy(spec);
        };
    }
}
