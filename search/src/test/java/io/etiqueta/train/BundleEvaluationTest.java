package io.etiqueta.train;

import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleEvaluationTest {
    static LoadedDataset dataset(List<String> classes, int[] labels, boolean withTestSet) {
        byte[][] pixels = new byte[labels.length][4];
        Examples examples = new Examples(pixels, labels);
        ImageSpec spec = ImageSpec.of(2, 2, ColorMode.GRAY);
        return new LoadedDataset("d", "folder", classes, spec, withTestSet ? new Examples(new byte[0][], new int[0]) : examples,
                withTestSet ? examples : null, "f", List.of());
    }

    @Test void theDatasetsLabelsAreRenumberedIntoTheModelsOrder() {
        LoadedDataset data = dataset(List.of("cat", "dog"), new int[]{0, 1, 1, 0}, true);
        Examples remapped = BundleEvaluation.inLabelOrder(data, List.of("bird", "dog", "cat"));
        assertThat(remapped.labels()).containsExactly(2, 1, 1, 2);
        assertThat(remapped.pixels()).isSameAs(data.test().pixels());
    }

    @Test void withoutATestSetEveryImageIsEvaluated() {
        LoadedDataset data = dataset(List.of("a", "b"), new int[]{1, 0, 1}, false);
        assertThat(BundleEvaluation.inLabelOrder(data, List.of("b", "a")).labels()).containsExactly(0, 1, 0);
    }

    @Test void aClassTheModelDoesNotKnowIsNamed() {
        LoadedDataset data = dataset(List.of("cat", "zebra"), new int[]{0, 1}, true);
        assertThatThrownBy(() -> BundleEvaluation.inLabelOrder(data, List.of("cat", "dog")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dataset class 'zebra' is not one the model knows (cat, dog)");
    }
}
