package io.etiqueta.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.etiqueta.inference.Label;

import java.util.List;

/** One image of a batch: its labels, or the error that image alone got (the others are still labelled). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageResult(List<Label> labels, ErrorBody error) {
    public static ImageResult ok(List<Label> labels) { return new ImageResult(labels, null); }

    public static ImageResult failed(ErrorBody error) { return new ImageResult(null, error); }
}
