package io.etiqueta.report;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


/** A few real CIFAR-10 JPEGs per class, unpacked from the shared archive into a class-folder dataset. */
final class CifarSubset {
    private CifarSubset() {}

    static Path archive() {
        String shared = System.getProperty("etiqueta.shared.dir", "../shared");
        return Path.of(shared, "datasets", "cifar10", "train.tar.gz");
    }

    /** Unpacks the first {@code perClass} images of each class into {@code into/<class>/}; returns {@code into}. */
    static Path extract(Path into, List<String> classes, int perClass) throws IOException {
        Path archive = archive();
        io.etiqueta.testing.TestRequirements.sharedFile(archive, "the shared CIFAR-10 JPEG archive");
        Map<String, Integer> taken = new HashMap<>();
        int wanted = classes.size() * perClass, total = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry; total < wanted && (entry = tar.getNextEntry()) != null; ) {
                String[] parts = entry.getName().split("/");
                if (!entry.isFile() || parts.length != 3 || !classes.contains(parts[1]) || !parts[2].endsWith(".jpg")) continue;
                if (taken.getOrDefault(parts[1], 0) >= perClass) continue;
                Path target = into.resolve(parts[1]).resolve(parts[2]);
                Files.createDirectories(target.getParent());
                Files.copy(tar, target);
                taken.merge(parts[1], 1, Integer::sum);
                total++;
            }
        }
        if (total < wanted) throw new IllegalStateException("the archive " + archive + " holds fewer images than asked: " + taken);
        return into;
    }
}
