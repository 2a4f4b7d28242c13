package io.etiqueta.report;

import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.strategy.Strategy;
import io.etiqueta.search.spec.StrategyKind;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which generation each trial of a genetic search belonged to. Trial records do not say, and a generation is not a
 * fixed number of trials (configurations already evaluated are not trained again), so the strategy is replayed the
 * way a resume replays it: ask for a batch, match it with the stored trials in number order, tell their outcomes.
 */
final class Generations {
    private Generations() {}

    /** Trial id to generation (0-based); empty for other strategies or when the stored trials do not replay. */
    static Map<String, Integer> of(SearchRecord search, List<TrialRecord> trials) {
        if (search.spec() == null || search.spec().strategy() != StrategyKind.GENETIC || search.source() == null) return Map.of();
        try {
            SearchSpec spec = SearchFiles.parse(search.source(), search.file() == null ? search.id() : search.file());
            Strategy strategy = Strategy.of(spec);
            Map<Integer, TrialRecord> byNumber = trials.stream()
                    .collect(Collectors.toMap(TrialRecord::number, Function.identity(), (a, b) -> a));
            Map<String, Integer> generations = new HashMap<>();
            int number = 0;
            for (int generation = 0; number < trials.size(); generation++) {
                List<TrialConfig> batch = strategy.ask();
                if (batch.isEmpty()) break;
                for (TrialConfig config : batch) {
                    TrialRecord trial = byNumber.get(++number);
                    // a missing or different trial: the search stopped here, or its file changed; later trials stay unassigned
                    if (trial == null || !config.equals(trial.config())) return generations;
                    generations.put(trial.id(), generation);
                }
                int first = number - batch.size() + 1;
                for (int i = 0; i < batch.size(); i++) {
                    TrialRecord trial = byNumber.get(first + i);
                    if (!trial.state().finished()) return generations;
                    strategy.tell(batch.get(i), trial);
                }
            }
            return generations;
        } catch (RuntimeException e) {
            return Map.of(); // a search file this version cannot read: no generations rather than wrong ones
        }
    }
}
