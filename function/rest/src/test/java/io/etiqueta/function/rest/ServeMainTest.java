package io.etiqueta.function.rest;

import io.etiqueta.function.FunctionConfig;
import io.etiqueta.function.FunctionSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service ServeMain starts while Quarkus boots is only worth it when ServiceProducer can take it: its settings,
 * read before Quarkus' configuration exists, must equal what Quarkus reads.
 */
class ServeMainTest {
    @Test void readsSettingsAsQuarkusDoesSystemPropertyFirstThenApplicationProperties() {
        assertThat(ServeMain.setting("etiqueta.poll-interval")).as("application.properties").contains("10s");
        assertThat(ServeMain.setting("etiqueta.store")).as("an expression is left to FunctionConfig's default, the same").isEmpty();
        System.setProperty("etiqueta.max-batch", "3");
        try {
            assertThat(ServeMain.setting("etiqueta.max-batch")).contains("3");
            FunctionSettings early = FunctionConfig.settings(ServeMain::setting);
            assertThat(early.maxBatch()).isEqualTo(3);
            assertThat(early.pollInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(early.maxPixels()).isEqualTo(50_000_000L);
        } finally {
            System.clearProperty("etiqueta.max-batch");
        }
    }

    @Test void withoutAnEarlyStartTheProducerStartsItsOwn() {
        assertThat(ServeMain.takeEarly(FunctionConfig.settings(ServeMain::setting))).isEmpty();
    }
}
