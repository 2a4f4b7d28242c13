package io.etiqueta.data;

import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.trial.Augmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BatchesTest {
    @TempDir Path tmp;

    @Test void inOrderBatchesHaveTheRightShapesOneHotLabelsAndThePreprocessorsNumbers() {
        LoadedDataset d = DatasetLoader.load(TestData.cifarClassFolders(tmp.resolve("d"), 5, "cat", "dog", "ship"), LoadOptions.defaults());
        ImageSpec spec = new ImageSpec(32, 32, ColorMode.RGB, new double[]{0.5, 0.4, 0.3}, new double[]{0.25, 0.2, 0.3});
        Preprocessor preprocessor = new Preprocessor(spec);
        List<DataSet> batches = new ArrayList<>();
        Batches.inOrder(d.train(), preprocessor, 3, 4).forEach(batches::add);

        assertThat(batches).extracting(DataSet::numExamples).containsExactly(4, 4, 4, 3);
        assertThat(batches.getFirst().getFeatures().shape()).containsExactly(4, 3, 32, 32);
        assertThat(batches.getFirst().getLabels().shape()).containsExactly(4, 3);
        int index = 0, length = spec.length();
        for (DataSet b : batches) {
            float[] features = b.getFeatures().dup('c').data().asFloat();
            for (int k = 0; k < b.numExamples(); k++, index++) {
                float[] expected = preprocessor.normalize(d.train().pixels()[index]);
                assertThat(java.util.Arrays.copyOfRange(features, k * length, (k + 1) * length)).containsExactly(expected);
                float[] label = b.getLabels().getRow(k).dup().data().asFloat();
                float[] oneHot = new float[3];
                oneHot[d.train().labels()[index]] = 1f;
                assertThat(label).containsExactly(oneHot);
            }
        }
    }

    @Test void trainingBatchesShuffleEveryExampleOnceAndRepeatForTheSameSeed() {
        LoadedDataset d = DatasetLoader.load(TestData.cifarClassFolders(tmp.resolve("d"), 6, "cat", "dog"), LoadOptions.defaults());
        Preprocessor preprocessor = new Preprocessor(d.spec());
        List<Float> first = firstValues(Batches.training(d.train(), preprocessor, 2, 5, new Random(3), Augmentation.NONE));
        List<Float> again = firstValues(Batches.training(d.train(), preprocessor, 2, 5, new Random(3), Augmentation.NONE));
        List<Float> inOrder = firstValues(Batches.inOrder(d.train(), preprocessor, 2, 5));
        assertThat(first).isEqualTo(again).isNotEqualTo(inOrder).containsExactlyInAnyOrderElementsOf(inOrder);

        List<Float> augmented = firstValues(Batches.training(d.train(), preprocessor, 2, 5, new Random(3), Augmentation.STANDARD));
        assertThat(augmented).isEqualTo(firstValues(Batches.training(d.train(), preprocessor, 2, 5, new Random(3), Augmentation.STANDARD)));
    }

    /** The sum of each example's features: identifies an image regardless of where it sits in a batch. */
    private static List<Float> firstValues(Batches batches) {
        List<Float> sums = new ArrayList<>();
        for (DataSet b : batches) {
            float[] f = b.getFeatures().dup('c').data().asFloat();
            int length = f.length / b.numExamples();
            for (int k = 0; k < b.numExamples(); k++) {
                float sum = 0;
                for (int i = k * length; i < (k + 1) * length; i++) sum += f[i];
                sums.add(sum);
            }
        }
        return sums;
    }
}
