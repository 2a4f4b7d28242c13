package io.etiqueta.function;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The model that answered: named in every response so a caller knows which promotion produced its labels.
 *
 * @param version   the champion's version ("v3"), growing with each promotion
 * @param trainedOn the dataset the model was trained on
 * @param input     what the network sees, e.g. "32x32 rgb"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(
        String modelId,
        String version,
        long sequence,
        String trainedOn,
        Double testAccuracy,
        Double valAccuracy,
        String architecture,
        String input,
        List<String> labels,
        String bundleKey,
        Instant promotedAt) {}
