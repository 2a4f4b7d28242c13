package io.etiqueta.search.spec;

/**
 * When a search stops on its own: after so many trials, so many hours of running (summed over resumes), so many
 * epochs trained in all, or so many instance hours (the run time of every trial summed, wherever it ran: N trials
 * in parallel for an hour are N instance hours). Null means no limit of that kind; whichever limit is reached first
 * ends the search.
 */
public record Budget(Integer trials, Double hours, Integer epochs, Double instanceHours) {
    public Budget(Integer trials, Double hours, Integer epochs) { this(trials, hours, epochs, null); }

    public Budget {
        if (instanceHours != null && !(instanceHours > 0)) throw new IllegalArgumentException("budget instance_hours must be positive, got " + instanceHours);
        if (trials != null && trials < 1) throw new IllegalArgumentException("budget trials must be at least 1, got " + trials);
        if (hours != null && !(hours > 0)) throw new IllegalArgumentException("budget hours must be positive, got " + hours);
        if (epochs != null && epochs < 1) throw new IllegalArgumentException("budget epochs must be at least 1, got " + epochs);
    }

    public boolean unlimited() { return trials == null && hours == null && epochs == null && instanceHours == null; }
}
