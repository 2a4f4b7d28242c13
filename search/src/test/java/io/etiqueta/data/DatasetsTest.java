package io.etiqueta.data;

import io.etiqueta.image.ColorMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetsTest {
    @TempDir Path tmp;

    @AfterEach void forget() { Datasets.clear(); }

    @Test void sameDatasetAndOptionsAreReadOnceEvenConcurrently() throws Exception {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 10, "cat", "dog");
        List<Callable<LoadedDataset>> loads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // the same folder spelled differently is the same key
            Path spelled = i % 2 == 0 ? dir : tmp.resolve("d/../d");
            loads.add(() -> Datasets.load(spelled, LoadOptions.defaults()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<LoadedDataset>> results = pool.invokeAll(loads);
            LoadedDataset first = results.getFirst().get();
            for (Future<LoadedDataset> f : results) assertThat(f.get()).isSameAs(first);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Datasets.cached()).isEqualTo(1);
        LoadedDataset other = Datasets.load(dir, new LoadOptions(16, ColorMode.GRAY, false));
        assertThat(other.spec().width()).isEqualTo(16);
        assertThat(Datasets.cached()).isEqualTo(2);
    }

    @Test void aFailedLoadIsNotRememberedSoAFixedDatasetLoads() throws Exception {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 3, "cat", "dog");
        Path bad = Files.writeString(dir.resolve("dog/bad.jpg"), "nope");
        assertThatThrownBy(() -> Datasets.load(dir, LoadOptions.defaults())).isInstanceOf(DatasetException.class).hasMessageContaining("bad.jpg");
        // the folder's own modification time does not change when a file in a class folder goes, so the cache key
        // stays the same: a remembered failure would be thrown again here (counting cache entries instead was
        // flaky, since other tests in this JVM load datasets too)
        Files.delete(bad);
        assertThat(Datasets.load(dir, LoadOptions.defaults()).train().size()).isEqualTo(6);
    }
}
