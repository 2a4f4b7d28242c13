package io.etiqueta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.data.TestData;
import io.etiqueta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main job end to end on a small slice of the real Fashion-MNIST: the bundled genetic search, promotion of
 * the winner, the report; then the champion labels an image from the store. (Serving is tested in function/.)
 */
class QuickstartTest {
    @TempDir Path dir;

    @Test void searchesPromotesAndReportsOnFashionMnist() throws Exception {
        Path fashion = slice(dir.resolve("fashion-mnist-slice"), 60, 20);
        Path store = dir.resolve("store"), out = dir.resolve("report");

        CliRun run = CliRun.of("quickstart", "--dataset", fashion.toString(), "--store", store.toString(), "--out", out.toString(), "--no-serve");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("1/4 searching: genetic search", "2/4 promoted", "3/4 report: " + out.resolve("index.html").toAbsolutePath(),
                "4/4 skipped serving");
        assertThat(out.resolve("index.html")).isNotEmptyFile();
        assertThat(out.resolve("trials.csv")).isNotEmptyFile();
        JsonNode champion = Json.read(Files.readAllBytes(store.resolve("champion.json")), JsonNode.class);
        assertThat(champion.get("sequence").asInt()).isEqualTo(1);
        assertThat(store.resolve(champion.get("bundleKey").asText())).isNotEmptyFile();
        String searchId = champion.get("searchId").asText();
        assertThat(store.resolve("reports").resolve(searchId).resolve("index.html")).isNotEmptyFile();
        assertThat(Files.list(store.resolve("searches").resolve(searchId).resolve("trials")).count()).isEqualTo(16);

        Path image = dir.resolve("item.png");
        javax.imageio.ImageIO.write(io.etiqueta.image.Preprocessor.fromPixels(testImage(fashion), 28, 28, 1), "png", image.toFile());
        CliRun label = CliRun.of("label", "champion", image.toString(), "--store", store.toString(), "--json");
        assertThat(label.exitCode()).as(label.err()).isEqualTo(0);
        assertThat(Json.read(label.out(), JsonNode.class).get("results").get(0).get("labels")).hasSize(3);
    }

    /** The first {@code train}/{@code test} images per class of the Debian package's Fashion-MNIST, as IDX files. */
    static Path slice(Path folder, int train, int test) {
        LoadedDataset full = DatasetLoader.load(TestData.fashionMnistDir(), LoadOptions.defaults());
        write(folder, "train", full.train(), train);
        write(folder, "t10k", full.test(), test);
        return folder;
    }

    private static void write(Path folder, String prefix, Examples examples, int perClass) {
        int[] seen = new int[10];
        int[] pick = IntStream.range(0, examples.size()).filter(i -> seen[examples.labels()[i]]++ < perClass).toArray();
        Examples part = examples.subset(pick);
        TestData.writeIdx(folder, prefix, part.pixels(), 28, 28, part.labels(), true);
    }

    private static byte[] testImage(Path fashion) {
        return DatasetLoader.load(fashion, LoadOptions.defaults()).test().pixels()[0];
    }
}
