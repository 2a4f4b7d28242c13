package io.etiqueta.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary folders that tests and benchmarks make themselves (where JUnit's @TempDir does not reach). */
public final class TempFolders {
    private TempFolders() {}

    /** Deletes the folder and everything in it, as far as it can: a temporary folder left behind is harmless. */
    public static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) return;
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // partly deleted is good enough for a temporary folder
        }
    }
}
