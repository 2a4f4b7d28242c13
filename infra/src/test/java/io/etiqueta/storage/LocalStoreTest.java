package io.etiqueta.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalStoreTest extends StoreContract {

    @Override Store newStore() { return Stores.open(tmp.resolve("store").toString()); }

    @Test void keysAreFilesUnderTheRootAndTemporaryFilesDoNotLinger() throws Exception {
        store.put("trials/t1/trial.json", bytes("{}"));
        store.createIfAbsent("trials/t1/claim", bytes("me"));
        Path root = tmp.resolve("store");
        assertThat(root.resolve("trials/t1/trial.json")).hasContent("{}");
        try (var files = Files.list(root.resolve("trials/t1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("trial.json", "claim");
        }
    }

    @Test void aStoredFileGetsTheStoresPermissionsNotThoseOfAPrivateTemporaryFile() throws Exception {
        Path secret = Files.createTempFile(tmp, "bundle", ".etq"); // 0600, as temporary files are
        Files.writeString(secret, "weights");
        store.put("trials/t1/bundle.etq", secret);
        store.put("trials/t1/trial.json", bytes("{}"));
        Path root = tmp.resolve("store").resolve("trials/t1");
        assertThat(Files.getPosixFilePermissions(root.resolve("bundle.etq")))
                .isEqualTo(Files.getPosixFilePermissions(root.resolve("trial.json")));
    }

    @Test void twoStoresOnOneFolderSeeEachOther() {
        try (Store other = Stores.open(tmp.resolve("store").toString())) {
            assertThat(other.createIfAbsent("claim", bytes("a"))).isTrue();
            assertThat(store.createIfAbsent("claim", bytes("b"))).isFalse();
            String version = store.getVersioned("claim").orElseThrow().version();
            assertThat(other.getVersioned("claim").orElseThrow().version()).isEqualTo(version);
        }
    }
}
