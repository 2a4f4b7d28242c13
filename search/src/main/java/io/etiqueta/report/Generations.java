package io.etiqueta.report;

import io.etiqueta.search.spec.StrategyKind;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.trial.TrialRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which generation each trial of a genetic search belongs to. The genetic strategy is steady state (one child bred
 * at a time, no generation barrier), so a generation is a span of {@code population} proposals in trial order: the
 * first {@code population} trials (random) are generation 0, the next {@code population} children generation 1, and
 * so on. That keeps the report's "progress by generation" view meaningful.
 */
final class Generations {
    private Generations() {}

    /** Trial id to generation (0-based); empty for other strategies. */
    static Map<String, Integer> of(SearchRecord search, List<TrialRecord> trials) {
        if (search.spec() == null || search.spec().strategy() != StrategyKind.GENETIC) return Map.of();
        int population = Math.max(1, search.spec().genetic().population());
        Map<String, Integer> generations = new HashMap<>();
        for (TrialRecord t : trials) generations.put(t.id(), (t.number() - 1) / population);
        return generations;
    }
}
