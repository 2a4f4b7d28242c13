package io.etiqueta.report;

import io.etiqueta.search.spec.Objective;
import java.time.Instant;
import java.util.Map;

/**
 * What a report says about a search besides its trials.
 *
 * @param strategy    how trials were proposed ("random", "grid", "genetic", ...), null when unknown
 * @param budget      the budget as the user gave it, in words ("20 trials, 30 minutes"), null when none
 * @param status      the search's state ("complete", "running", "stopped: time budget"), null when unknown
 * @param bestTrialId the trial the search itself named best; null lets the report pick by the objective
 * @param runSeconds  how long the search ran, summed over its sessions; null to take finished minus started
 * @param bestFoundBy how the best trial came about ("random sample", "crossover in generation 3"), null when unknown
 * @param generations trial id to generation number for generational strategies; empty otherwise
 */
public record SearchSummary(
        String id,
        String dataset,
        Objective objective,
        String strategy,
        String budget,
        Long seed,
        String status,
        Instant started,
        Instant finished,
        Double runSeconds,
        String bestTrialId,
        String bestFoundBy,
        Map<String, Integer> generations) {

    public SearchSummary {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("search id is missing");
        if (objective == null) objective = Objective.of("val_accuracy");
        generations = generations == null ? Map.of() : Map.copyOf(generations);
    }
}
