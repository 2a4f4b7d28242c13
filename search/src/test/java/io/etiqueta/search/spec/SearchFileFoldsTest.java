package io.etiqueta.search.spec;

import io.etiqueta.trial.ModelFamily;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code folds:} and {@code weights:} at the top of a search file reach every trial's configuration. */
class SearchFileFoldsTest {
    @Test void foldsAndWeightsAtTheTopAreFixedForEveryTrial() {
        SearchSpec spec = SearchFiles.parse("""
                name: gems
                dataset: ./gems
                budget: {trials: 3}
                folds: 5
                weights: /data/vgg16_dl4j_inference.zip
                space:
                  model: vgg16
                  layers: [[128], [256]]
                """, "gems.yaml");
        var config = spec.configure(spec.space().stream().map(d -> d.at(0)).toList());
        assertThat(config.model()).isEqualTo(ModelFamily.VGG16);
        assertThat(config.folds()).isEqualTo(5);
        assertThat(config.weights()).isEqualTo("/data/vgg16_dl4j_inference.zip");
        assertThat(spec.searched()).extracting(Dimension::parameter).containsExactly(Parameter.LAYERS);
        assertThat(new Objective("cv_accuracy", null, java.util.List.of()).goal()).isEqualTo(Goal.MAXIMIZE);
        assertThat(Goal.natural("cv_loss")).isEqualTo(Goal.MINIMIZE);
    }

    @Test void badFoldsNameTheLine() {
        assertThatThrownBy(() -> SearchFiles.parse("""
                name: gems
                dataset: ./gems
                budget: {trials: 3}
                folds: 1
                space:
                  model: mlp
                """, "gems.yaml"))
                .isInstanceOf(SearchFileException.class)
                .hasMessageContaining("gems.yaml:4")
                .hasMessageContaining("folds must be in 2..20");
    }
}
