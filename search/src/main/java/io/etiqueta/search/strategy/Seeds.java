package io.etiqueta.search.strategy;

import java.util.SplittableRandom;

/** Independent, reproducible random streams derived from a search's seed. */
public final class Seeds {
    private Seeds() {}

    /** A generator for one purpose (stream) and one position in it; same arguments, same numbers. */
    public static SplittableRandom random(long seed, long stream, long index) {
        return new SplittableRandom(mix(mix(mix(seed) ^ stream) ^ index));
    }

    /** SplitMix64's finaliser: spreads nearby inputs over the whole range. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
