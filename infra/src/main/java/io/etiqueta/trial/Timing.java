package io.etiqueta.trial;

/** Where a trial's time went, in seconds: loading data, training, evaluating, and storing its results. */
public record Timing(double dataSeconds, double trainSeconds, double evaluateSeconds, double storeSeconds) {
    public double totalSeconds() { return dataSeconds + trainSeconds + evaluateSeconds + storeSeconds; }

    public Timing withStoreSeconds(double seconds) { return new Timing(dataSeconds, trainSeconds, evaluateSeconds, seconds); }
}
