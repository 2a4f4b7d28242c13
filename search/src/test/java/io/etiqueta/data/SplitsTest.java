package io.etiqueta.data;

import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import org.junit.jupiter.api.Test;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitsTest {
    /** Each example's pixels are a distinct array, so parts can be checked for overlap by identity. */
    private static Examples examples(int... perClass) {
        int n = 0;
        for (int c : perClass) n += c;
        byte[][] pixels = new byte[n][];
        int[] labels = new int[n];
        int i = 0;
        for (int c = 0; c < perClass.length; c++) {
            for (int k = 0; k < perClass[c]; k++, i++) {
                pixels[i] = new byte[]{(byte) c, (byte) k, (byte) (k >> 8)};
                labels[i] = c;
            }
        }
        return new Examples(pixels, labels);
    }

    private static LoadedDataset dataset(Examples train, Examples test) {
        return new LoadedDataset("mem", "test", List.of("a", "b", "c"), ImageSpec.of(1, 3, ColorMode.GRAY), train, test, "f", List.of());
    }

    @Test void everyClassIsSplitInTheSameProportionsWithoutOverlap() {
        Examples all = examples(100, 50, 20);
        Split s = Splits.of(dataset(all, null), 0.2, 0.1, 7);
        assertThat(s.validation().countsPerClass(3)).containsExactly(20, 10, 4);
        assertThat(s.test().countsPerClass(3)).containsExactly(10, 5, 2);
        assertThat(s.train().countsPerClass(3)).containsExactly(70, 35, 14);

        Set<byte[]> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Examples part : List.of(s.train(), s.validation(), s.test())) {
            for (byte[] p : part.pixels()) assertThat(seen.add(p)).as("an example appears in two parts").isTrue();
        }
        assertThat(seen).hasSize(170);
    }

    @Test void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        LoadedDataset d = dataset(examples(60, 40, 30), null);
        Split a = Splits.of(d, 0.2, 0.2, 42), b = Splits.of(d, 0.2, 0.2, 42), c = Splits.of(d, 0.2, 0.2, 43);
        assertThat(a.train().pixels()).isEqualTo(b.train().pixels()); // same arrays, same order
        assertThat(a.validation().labels()).isEqualTo(b.validation().labels());
        assertThat(a.test().pixels()).isEqualTo(b.test().pixels());
        assertThat(c.test().pixels()).isNotEqualTo(a.test().pixels());
        assertThat(c.test().countsPerClass(3)).isEqualTo(a.test().countsPerClass(3));
    }

    @Test void anExplicitTestSetIsUsedAsIsAndOnlyValidationIsTakenFromTraining() {
        Examples test = examples(5, 5, 5);
        Split s = Splits.of(dataset(examples(50, 50, 50), test), 0.1, 0.3, 1);
        assertThat(s.test()).isSameAs(test);
        assertThat(s.validation().countsPerClass(3)).containsExactly(5, 5, 5);
        assertThat(s.train().size()).isEqualTo(135);
    }

    @Test void smallClassesStillReachEveryPartAndBadFractionsAreRefused() {
        Split s = Splits.of(dataset(examples(40, 40, 3), null), 0.1, 0.1, 3);
        assertThat(s.validation().countsPerClass(3)[2]).isEqualTo(1);
        assertThat(s.test().countsPerClass(3)[2]).isEqualTo(1);
        assertThat(s.train().countsPerClass(3)[2]).isEqualTo(1);
        assertThatThrownBy(() -> Splits.of(dataset(examples(10, 10, 10), null), 0.6, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to train on");
    }
}
