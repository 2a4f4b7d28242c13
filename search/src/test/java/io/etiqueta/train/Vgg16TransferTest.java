package io.etiqueta.train;

import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * VGG16 transfer learning: the graph surgery on DL4J's zoo VGG16 (built here with random weights, since the
 * ImageNet weights cannot be downloaded in tests), and the clear error when the weights cannot be had.
 */
class Vgg16TransferTest {
    @AfterEach void clear() { System.clearProperty("etiqueta.vgg16.weights"); }

    @Test void keepsTheFrozenConvolutionsAndAddsANewHead() {
        System.setProperty("etiqueta.vgg16.weights", "random");
        TrialConfig config = TrialConfig.builder().model(ModelFamily.VGG16).layers(List.of(32)).dropout(0.5).build();
        ImageSpec spec = ModelFactory.inputSpec(config, ImageSpec.of(32, 32, ColorMode.GRAY));
        assertThat(spec.width()).isEqualTo(224);
        assertThat(spec.color()).isEqualTo(ColorMode.RGB);

        ComputationGraph net = (ComputationGraph) ModelFactory.build(config, spec, 5);
        // VGG16's 13 convolutions hold 14,714,688 parameters; the head is 7*7*512 -> 32 -> 5
        assertThat(net.numParams()).isEqualTo(14_714_688L + (25_088L * 32 + 32) + (32 * 5 + 5));
        long frozen = Arrays.stream(net.getLayers()).filter(l -> l instanceof FrozenLayer).count();
        assertThat(frozen).as("13 convolutions and 5 poolings frozen").isEqualTo(18);
        var out = net.outputSingle(false, Nd4j.rand(DataType.FLOAT, 1, 3, 224, 224));
        assertThat(out.shape()).containsExactly(1, 5);
    }

    /**
     * Always runs, whatever this machine has cached: DL4J is pointed at an empty model folder and a download location
     * that refuses connections (the real weights, 530 MB, are never fetched by the tests: a documented decision).
     */
    @Test void withoutTheImageNetWeightsTheTrialFailsSayingSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path models) throws Exception {
        TrialConfig config = TrialConfig.builder().model(ModelFamily.VGG16).layers(List.of(32)).build();
        java.io.File savedDirectory = org.deeplearning4j.common.resources.DL4JResources.getBaseDirectory();
        String savedUrl = org.deeplearning4j.common.resources.DL4JResources.getBaseDownloadURL();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        org.deeplearning4j.common.resources.DL4JResources.setBaseDirectory(models.toFile());
        org.deeplearning4j.common.resources.DL4JResources.setBaseDownloadURL("http://127.0.0.1:" + closedPort + "/");
        try {
            assertThatThrownBy(() -> ModelFactory.build(config, ModelFactory.inputSpec(config, ImageSpec.of(32, 32, ColorMode.RGB)), 3))
                    .isInstanceOf(TrialFailure.class)
                    .hasMessageContaining("vgg16 needs DL4J's pretrained ImageNet weights")
                    .hasMessageContaining("the download failed")
                    .hasMessageContaining(".etiqueta/weights/")
                    .hasMessageContaining("--weights FILE");
        } finally {
            org.deeplearning4j.common.resources.DL4JResources.setBaseDirectory(savedDirectory);
            org.deeplearning4j.common.resources.DL4JResources.setBaseDownloadURL(savedUrl);
        }
    }
}
