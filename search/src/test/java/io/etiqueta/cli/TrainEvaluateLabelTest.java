package io.etiqueta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The train, evaluate and label commands end to end on a generated folder dataset, through the real CLI. */
class TrainEvaluateLabelTest {
    @TempDir static Path dir;
    static Path dataset;

    @BeforeAll static void dataset() throws IOException {
        dataset = ShapesDataset.write(dir.resolve("shapes"));
    }

    @Test void trainPrintsTheRecordAsJsonAndTheSameSeedGivesTheSameNumbers() {
        Path store = dir.resolve("store-json");
        String[] args = {"train", dataset.toString(), "--model", "mlp", "--layers", "64", "--optimizer", "adam", "--lr", "0.003",
                "--epochs", "4", "--batch", "16", "--seed", "3", "--store", store.toString(), "--json"};
        CliRun first = CliRun.of(args);
        CliRun second = CliRun.of(args);
        assertThat(first.exitCode()).as(first.err()).isEqualTo(0);
        JsonNode a = Json.read(first.out(), JsonNode.class), b = Json.read(second.out(), JsonNode.class);
        assertThat(a.get("state").asText()).isEqualTo("complete");
        assertThat(a.get("epochs")).hasSize(4);
        for (String field : new String[]{"loss", "accuracy", "valLoss", "valAccuracy", "seconds"}) {
            assertThat(a.get("epochs").get(0).has(field)).as(field).isTrue();
        }
        assertThat(a.get("test").get("accuracy").asDouble()).isGreaterThan(0.8);
        assertThat(a.get("test").get("perClass")).hasSize(3);
        assertThat(a.get("test").get("confusion")).hasSize(3);
        // reproducible from the record: the same seed gives the same curve and test result
        assertThat(b.get("epochs").toString().replaceAll("\"seconds\":[^,}]+", ""))
                .isEqualTo(a.get("epochs").toString().replaceAll("\"seconds\":[^,}]+", ""));
        assertThat(b.get("test").get("confusion")).isEqualTo(a.get("test").get("confusion"));
        assertThat(store.resolve("trials").resolve(a.get("id").asText()).resolve("trial.json")).exists();
        assertThat(a.get("backend").asText()).startsWith("cpu: ");
        assertThat(store.resolve(a.get("bundleKey").asText())).exists();
    }

    @Test void aTrainedBundleIsEvaluatedAndLabelsImagesWithTheSamePreprocessing() throws IOException {
        Path store = dir.resolve("store-text");
        CliRun train = CliRun.of("train", dataset.toString(), "--model", "cnn", "--layers", "32", "--epochs", "3", "--batch", "16",
                "--lr", "0.003", "--seed", "2", "--store", store.toString());
        assertThat(train.exitCode()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).contains("val_accuracy", "precision", "confusion matrix", "best classes", "stored in");
        // the backend and device that trained, as the trial record names it (this suite runs the CPU build)
        assertThat(train.out()).containsPattern("trained on cpu: (avx2|avx512|generic x86-64), \\d+ threads");
        String trialId = Files.list(store.resolve("trials")).findFirst().orElseThrow().getFileName().toString();

        CliRun evaluate = CliRun.of("evaluate", trialId, dataset.toString(), "--store", store.toString(), "--json");
        assertThat(evaluate.exitCode()).as(evaluate.err()).isEqualTo(0);
        JsonNode metrics = Json.read(evaluate.out(), JsonNode.class);
        assertThat(metrics.get("examples").asInt()).isEqualTo(180);
        assertThat(metrics.get("accuracy").asDouble()).isGreaterThan(0.8);

        Path circle = dataset.resolve("circle").resolve("0.png"), square = dataset.resolve("square").resolve("1.png");
        Path bundle = store.resolve("trials").resolve(trialId).resolve("bundle.etq");
        CliRun label = CliRun.of("label", bundle.toString(), circle.toString(), square.toString(), "--top", "2", "--json");
        assertThat(label.exitCode()).as(label.err()).isEqualTo(0);
        JsonNode results = Json.read(label.out(), JsonNode.class).get("results");
        assertThat(results.get(0).get("labels")).hasSize(2);
        assertThat(results.get(0).get("labels").get(0).get("label").asText()).isEqualTo("circle");
        assertThat(results.get(1).get("labels").get(0).get("label").asText()).isEqualTo("square");
        double c0 = results.get(0).get("labels").get(0).get("confidence").asDouble();
        double c1 = results.get(0).get("labels").get(1).get("confidence").asDouble();
        assertThat(c0).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(c1);

        CliRun floor = CliRun.of("label", bundle.toString(), circle.toString(), "--min-confidence", "1.0", "--json");
        assertThat(floor.exitCode()).isEqualTo(0);
        assertThat(Json.read(floor.out(), JsonNode.class).get("results").get(0).get("labels")).isEmpty();
    }

    @Test void badInputIsOneClearLineAndANamedExitCode() throws IOException {
        CliRun missing = CliRun.of("train", dir.resolve("no-such-folder").toString(), "--store", dir.resolve("s").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("no-such-folder").doesNotContain("\tat ");
        assertThat(dir.resolve("s").resolve("trials")).doesNotExist();

        CliRun badOption = CliRun.of("train", dataset.toString(), "--optimizer", "adagrad");
        assertThat(badOption.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badOption.err()).contains("unknown optimizer 'adagrad'").doesNotContain("Exception");

        CliRun noBundle = CliRun.of("label", dir.resolve("nothing.etq").toString(), "x.png", "--store", dir.resolve("empty").toString());
        assertThat(noBundle.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noBundle.err()).contains("no model bundle").doesNotContain("\tat ");

        Path notImage = dir.resolve("notes.png");
        Files.writeString(notImage, "these are not pixels");
        Path store = dir.resolve("store-bad");
        assertThat(CliRun.of("train", dataset.toString(), "--layers", "8", "--epochs", "1", "--store", store.toString()).exitCode()).isEqualTo(0);
        String trialId = Files.list(store.resolve("trials")).findFirst().orElseThrow().getFileName().toString();
        CliRun label = CliRun.of("label", trialId, notImage.toString(), dataset.resolve("circle/0.png").toString(), "--store", store.toString());
        assertThat(label.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(label.err()).contains("notes.png").contains("not an image");
        assertThat(label.out()).contains("circle/0.png:");
    }
}
