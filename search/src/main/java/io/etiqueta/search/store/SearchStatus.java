package io.etiqueta.search.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a search stands. RUNNING is also what a killed search shows (its heartbeat, {@code updated}, goes stale);
 * STOPPED (asked to stop) and a killed RUNNING search can be resumed; FINISHED reached its budget or exhausted its
 * space; FAILED hit an error outside any single trial (for example the store became unreachable).
 */
public enum SearchStatus {
    RUNNING, STOPPED, FINISHED, FAILED;

    @JsonValue public String id() { return name().toLowerCase(Locale.ROOT); }

    @JsonCreator public static SearchStatus parse(String v) { return valueOf(v.trim().toUpperCase(Locale.ROOT)); }
}
