package io.etiqueta.champion;

import java.time.Instant;

/**
 * The promoted model of a store ({@code champion.json}): which bundle labels images for the website.
 * {@code sequence} grows by one with every promotion, so the labelling function can tell a new champion and
 * the history ({@code promotions/<sequence>.json}) stays ordered.
 *
 * @param version a short human version, "v<sequence>", named in every answer the function gives
 */
public record Champion(
        long sequence,
        String version,
        String bundleKey,
        String modelId,
        String searchId,
        String trialId,
        String dataset,
        Double testAccuracy,
        Double valAccuracy,
        Instant promotedAt,
        String promotedBy,
        String note) {}
