package io.etiqueta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.TestData;
import io.etiqueta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main job end to end on a small slice of the real Fashion-MNIST: the bundled genetic search, promotion of
 * the winner, the report; then the champion labels an image from the store. (Serving is tested in function/.)
 */
class QuickstartTest {
    @TempDir Path dir;

    /**
     * A fresh machine: Fashion-MNIST is not installed and cannot be downloaded, so quickstart installs the Debian
     * package itself. The package folder, cache and download location point into the test's folder, and the
     * installer is a shell command that puts a slice of the real files where the package would.
     */
    @Test void onAFreshMachineInstallsTheDatasetThenSearchesPromotesAndReports() throws Exception {
        Path fashion = TestData.fashionMnistSlice(dir.resolve("fashion-mnist-slice"), 60, 20);
        Path packageDir = dir.resolve("usr/share/datasets/fashion-mnist");
        Path store = dir.resolve("store"), out = dir.resolve("report");

        CliRun run = withFreshMachine(packageDir, "mkdir -p '" + packageDir + "' && cp '" + fashion + "'/* '" + packageDir + "'",
                () -> CliRun.of("quickstart", "--store", store.toString(), "--out", out.toString(), "--no-serve"));

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out().lines().filter(l -> l.contains("installing the Debian package dataset-fashion-mnist")).count()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("(null)").contains("1/4 searching: genetic search", "2/4 promoted", "3/4 report: " + out.resolve("index.html").toAbsolutePath(),
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

    @Test void onAFreshMachineWhereInstallingFailsSaysTheExactCommand() throws Exception {
        Path packageDir = dir.resolve("usr/share/datasets/fashion-mnist");
        CliRun run = withFreshMachine(packageDir, "echo 'E: Unable to locate package dataset-fashion-mnist'; exit 100",
                () -> CliRun.of("quickstart", "--store", dir.resolve("store").toString(), "--no-serve"));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("null")
                .contains("'sudo apt-get install dataset-fashion-mnist'", "exit status 100: E: Unable to locate package");
    }

    /** Runs with the dataset's package folder, cache and download location pointed into the test's folder. */
    private CliRun withFreshMachine(Path packageDir, String installCommand, java.util.function.Supplier<CliRun> body) throws Exception {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("etiqueta.fashionMnist.packageDir", packageDir.toString());
        settings.put("etiqueta.fashionMnist.cacheDir", dir.resolve("cache/fashion-mnist").toString());
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            settings.put("etiqueta.fashionMnist.url", "http://127.0.0.1:" + s.getLocalPort() + "/");
        }
        settings.put("etiqueta.fashionMnist.install", installCommand);
        settings.forEach(System::setProperty);
        try {
            return body.get();
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    private static byte[] testImage(Path fashion) {
        return DatasetLoader.load(fashion, LoadOptions.defaults()).test().pixels()[0];
    }
}
