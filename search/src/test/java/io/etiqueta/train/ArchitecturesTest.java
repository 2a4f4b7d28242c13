package io.etiqueta.train;

import io.etiqueta.bundle.Architecture;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The layer table adds up to the network's own parameter count, for every family. */
class ArchitecturesTest {
    @AfterEach void clear() { System.clearProperty("etiqueta.vgg16.weights"); }

    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void totalsEqualTheNetworksOwnCount(ModelFamily family) {
        System.setProperty("etiqueta.vgg16.weights", "random");
        TrialConfig config = TrialConfig.builder().model(family).layers(switch (family) { case MLP -> List.of(64, 32); case CNN -> List.of(); default -> List.of(32); })
                .dropout(0.2).build();
        ImageSpec spec = ModelFactory.inputSpec(config, ImageSpec.of(32, 32, ColorMode.RGB));
        Model model = ModelFactory.build(config, spec, 10);

        Architecture a = Architectures.of(model, spec);
        assertThat(a.parameters()).isEqualTo(model.numParams());
        assertThat(a.layers()).isNotEmpty().allSatisfy(l -> {
            assertThat(l.name()).isNotBlank();
            assertThat(l.outputShape()).doesNotContain("?");
        });
        assertThat(a.layers().getLast().outputShape()).isEqualTo("10");
        if (family == ModelFamily.VGG16) {
            assertThat(a.frozen()).as("the 13 convolutions").isEqualTo(14_714_688L);
            assertThat(a.trainable()).isEqualTo(25_088L * 32 + 32 + 32 * 10 + 10);
        } else {
            assertThat(a.frozen()).isZero();
        }
        if (family == ModelFamily.CNN) assertThat(a.parameters()).as("the Keras tutorial CNN").isEqualTo(122_570L);
        List<String> table = Architectures.table(a);
        assertThat(table.getFirst()).contains("layer", "type", "output", "parameters");
        assertThat(table.getLast()).startsWith(String.format(java.util.Locale.ROOT, "total %,d parameters", model.numParams()));
        assertThat(table).hasSize(a.layers().size() + 2);
    }
}
