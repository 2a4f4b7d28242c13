package io.etiqueta.search.strategy;

import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.util.List;

/**
 * Proposes configurations and learns from their outcomes (ask/tell). A strategy knows nothing of how trials run
 * or where they are stored: the runner asks for a batch, has it trained, and tells every outcome back before
 * asking again. A strategy's proposals depend only on the spec (with its seed) and the outcomes told so far, so
 * replaying the stored outcomes in trial order rebuilds exactly the strategy an interrupted search had.
 */
public interface Strategy {

    /** The next batch of configurations, none proposed before; empty when there is nothing left to try. */
    List<TrialConfig> ask();

    /** The outcome of one configuration of the last batch (any final state). */
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
