package io.etiqueta.cli;

import picocli.CommandLine.Option;

/** --seed: every random choice a command makes follows it, so the same seed gives the same result. */
public class SeedOption {
    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of every random choice: the split, initialisation, batch order, augmentation, samples (default: ${DEFAULT-VALUE}).")
    long seed;

    public long seed() { return seed; }
}
