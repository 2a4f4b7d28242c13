package io.etiqueta.champion;

import java.time.Instant;
import java.util.Locale;

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
        String note) {

    /** One line for people: "search:trial test_accuracy=0.8640 ... bundle KEY promoted WHEN by WHO (note)". */
    public String describe() {
        StringBuilder sb = new StringBuilder(searchId == null ? bundleKey : searchId + ":" + trialId);
        if (testAccuracy != null) sb.append(String.format(Locale.ROOT, " test_accuracy=%.4f", testAccuracy));
        if (valAccuracy != null) sb.append(String.format(Locale.ROOT, " val_accuracy=%.4f", valAccuracy));
        sb.append(" bundle ").append(bundleKey).append(" promoted ").append(promotedAt);
        if (promotedBy != null) sb.append(" by ").append(promotedBy);
        if (note != null) sb.append(" (").append(note).append(')');
        return sb.toString();
    }
}
