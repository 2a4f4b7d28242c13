package io.etiqueta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.json.Json;
import io.etiqueta.storage.S3TestServer;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** etiqueta train --store s3://... end to end against a real S3-compatible server, and evaluation from there. */
class TrainOnS3Test {
    @TempDir static Path dir;
    static S3TestServer s3;
    static Path dataset;

    @BeforeAll static void start() throws IOException {
        s3 = S3TestServer.start().useAsDefault();
        dataset = ShapesDataset.write(dir.resolve("shapes"));
    }

    @AfterAll static void stop() { s3.close(); }

    @Test void aTrialTrainedIntoS3IsEvaluatedAndLabelsFromThere() {
        String location = s3.location("team/etiqueta");
        CliRun train = CliRun.of("train", dataset.toString(), "--model", "mlp", "--layers", "32", "--epochs", "2", "--batch", "16",
                "--lr", "0.003", "--seed", "4", "--store", location, "--json");
        assertThat(train.exitCode()).as(train.err()).isEqualTo(0);
        JsonNode record = Json.read(train.out(), JsonNode.class);
        String id = record.get("id").asText();

        try (Store store = Stores.open(location)) {
            assertThat(store.list(StoreLayout.trialPrefix(null, id)))
                    .containsExactlyInAnyOrder(StoreLayout.trialRecord(null, id), StoreLayout.bundle(null, id), StoreLayout.examples(null, id));
            JsonNode stored = Json.read(store.get(StoreLayout.trialRecord(null, id)).orElseThrow(), JsonNode.class);
            assertThat(stored.get("test").get("accuracy")).isEqualTo(record.get("test").get("accuracy"));
        }

        CliRun byId = CliRun.of("evaluate", id, dataset.toString(), "--store", location, "--json");
        assertThat(byId.exitCode()).as(byId.err()).isEqualTo(0);
        assertThat(Json.read(byId.out(), JsonNode.class).get("examples").asInt()).isEqualTo(180);

        String url = "s3://" + s3.bucket() + "/team/etiqueta/" + StoreLayout.bundle(null, id);
        CliRun byUrl = CliRun.of("label", url, dataset.resolve("cross/3.png").toString(), "--json");
        assertThat(byUrl.exitCode()).as(byUrl.err()).isEqualTo(0);
        assertThat(Json.read(byUrl.out(), JsonNode.class).get("results").get(0).get("labels")).isNotEmpty();
    }

    @Test void anUnreachableStoreIsAClearStoreError() {
        String endpoint = System.getProperty("aws.endpointUrlS3");
        try (S3TestServer down = S3TestServer.start()) {
            System.setProperty("aws.endpointUrlS3", down.endpoint().toString());
            down.stop();
            CliRun run = CliRun.of("evaluate", "t-missing", dataset.toString(), "--store", down.location("x"));
            assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE);
            assertThat(run.err()).contains("store s3://").contains("t-missing").doesNotContain("\tat ");
        } finally {
            System.setProperty("aws.endpointUrlS3", endpoint);
        }
    }
}
