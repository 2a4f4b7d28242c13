package io.etiqueta.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TestRequirementsTest {
    @Test void aMissingRequirementFailsNamingItAndHowToGetIt() {
        assertThatThrownBy(() -> TestRequirements.sharedFile(Path.of("/no/such/shared/train.tar.gz"), "the shared CIFAR-10 JPEG archive"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("test requirement missing: the shared CIFAR-10 JPEG archive at /no/such/shared/train.tar.gz")
                .hasMessageContaining("bash .ci/run");
    }
}
