package io.etiqueta.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.etiqueta.inference.Label;

import java.util.List;

/**
 * The answer to a {@link LabelRequest}: {@code labels} for a single image or {@code results} (one per image, in
 * request order) for a batch, the model that produced them and the time taken inside the service. The Lambda
 * function reports a failed request with {@code error} set and nothing else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelResponse(List<Label> labels, List<ImageResult> results, ModelInfo model, Double millis, ErrorBody error) {
    public static LabelResponse single(List<Label> labels, ModelInfo model, double millis) {
        return new LabelResponse(labels, null, model, millis, null);
    }

    public static LabelResponse batch(List<ImageResult> results, ModelInfo model, double millis) {
        return new LabelResponse(null, results, model, millis, null);
    }

    public static LabelResponse failed(ErrorBody error) { return new LabelResponse(null, null, null, null, error); }
}
