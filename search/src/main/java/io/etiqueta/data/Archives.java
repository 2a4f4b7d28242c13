package io.etiqueta.data;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/** Unpacks a .zip, .tar, .tar.gz or .tgz of a dataset folder into a temporary folder, refusing entries that escape it. */
final class Archives {
    /** More than this unpacked is refused rather than filling the disk (a "zip bomb" or the wrong file). */
    static final long MAX_UNPACKED_BYTES = 16L << 30;

    private Archives() {}

    /** The archive kind from the file name ("zip", "tar.gz", "tar"), or null when it is not an archive. */
    static String kind(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".zip")) return "zip";
        if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) return "tar.gz";
        if (n.endsWith(".tar")) return "tar";
        return null;
    }

    /** Unpacked content: a root folder, in memory or on disk, removed on close. */
    record Unpacked(Path root, AutoCloseable cleanup) implements AutoCloseable {
        @Override public void close() {
            try {
                cleanup.close();
            } catch (Exception ignored) {
                // a temporary folder left behind is harmless
            }
        }
    }

    /**
     * Unpacks into memory when the content fits a quarter of the heap (at most 2 GiB): creating tens of thousands
     * of small files is slow on many disks (45 s for CIFAR-10's 50,000 JPEGs here, against about a second in memory).
     * Larger content goes to a temporary folder on disk.
     */
    static Unpacked unpack(Path archive, String kind) throws IOException {
        long budget = Math.min(2L << 30, Runtime.getRuntime().maxMemory() / 4);
        FileSystem memory = Jimfs.newFileSystem(Configuration.unix());
        Path root = Files.createDirectories(memory.getPath("/dataset"));
        if (unpack(archive, kind, root, budget)) return new Unpacked(root, memory);
        memory.close();
        Path temp = Files.createTempDirectory("etiqueta-dataset-");
        try {
            unpack(archive, kind, temp, MAX_UNPACKED_BYTES);
        } catch (RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
        return new Unpacked(temp, () -> deleteTree(temp));
    }

    /** Unpacks into {@code into}; false (with a partial content) when more than {@code limit} bytes would be written. */
    private static boolean unpack(Path archive, String kind, Path into, long limit) {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             ArchiveInputStream<? extends ArchiveEntry> in = switch (kind) {
                 case "zip" -> new ZipArchiveInputStream(file);
                 case "tar.gz" -> new TarArchiveInputStream(new GzipCompressorInputStream(file));
                 default -> new TarArchiveInputStream(file);
             }) {
            long total = 0;
            Path root = into.toAbsolutePath().normalize();
            byte[] buffer = new byte[1 << 16];
            ArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (target.equals(root)) continue;
                if (!target.startsWith(root)) {
                    throw new DatasetException("archive " + archive + " has an entry outside its folder: '" + entry.getName()
                            + "'; refusing to unpack it");
                }
                if (!in.canReadEntryData(entry)) {
                    throw new DatasetException("archive " + archive + ": cannot read entry '" + entry.getName()
                            + "' (encrypted or an unsupported compression method)");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                if (entry instanceof TarArchiveEntry tar && !tar.isFile()) continue; // links, devices: never data
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        total += read;
                        if (total > limit) {
                            if (limit < MAX_UNPACKED_BYTES) return false;
                            throw new DatasetException("archive " + archive + " unpacks to more than " + (MAX_UNPACKED_BYTES >> 30)
                                    + " GiB; unpack it yourself and pass the folder");
                        }
                        out.write(buffer, 0, read);
                    }
                }
            }
            return true;
        } catch (IOException e) {
            throw new DatasetException("cannot unpack " + kind + " archive " + archive + ": " + e.getMessage()
                    + " (is it complete and really a " + kind + " file?)", e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless; the load itself succeeded or already failed with its own error
        }
    }
}
