package io.etiqueta.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileSystems;

import static org.assertj.core.api.Assertions.assertThat;

class ArchivesTest {
    @TempDir Path tmp;

    @Test void smallArchivesUnpackInMemoryLargerOnesOnDiskAndBothAreRemoved() throws Exception {
        Path dir = TestData.cifarClassFolders(tmp.resolve("pets"), 4, "cat", "dog");
        Path zip = TestData.zip(dir, tmp.resolve("pets.zip"));
        Path inMemory, onDisk;
        try (Archives.Unpacked u = Archives.unpack(zip, "zip")) {
            inMemory = u.root();
            assertThat(inMemory.getFileSystem()).isNotEqualTo(FileSystems.getDefault());
            assertThat(inMemory.resolve("pets/cat/0003.jpg")).hasSameBinaryContentAs(dir.resolve("cat/0003.jpg"));
        }
        try (Archives.Unpacked u = Archives.unpack(TestData.tarGz(dir, tmp.resolve("pets.tgz")), "tar.gz", 1000)) {
            onDisk = u.root();
            assertThat(onDisk.getFileSystem()).isEqualTo(FileSystems.getDefault());
            assertThat(onDisk.resolve("pets/dog/0001.jpg")).hasSameBinaryContentAs(dir.resolve("dog/0001.jpg"));
        }
        assertThat(Files.exists(onDisk)).isFalse();
    }
}
