package io.etiqueta.trial;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A trial's lifecycle. COMPLETE, PRUNED and FAILED are final: such a trial never changes again. */
public enum TrialState {
    PENDING, RUNNING, COMPLETE, PRUNED, FAILED;

    public boolean finished() { return this == COMPLETE || this == PRUNED || this == FAILED; }

    @JsonValue public String id() { return name().toLowerCase(); }

    @JsonCreator public static TrialState parse(String value) { return Named.parse(TrialState.class, "trial state", value, TrialState::id); }
}
