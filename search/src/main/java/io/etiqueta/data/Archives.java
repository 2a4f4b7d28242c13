package io.etiqueta.data;

import io.etiqueta.errors.Failures;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
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
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
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
        return unpack(archive, kind, Math.min(2L << 30, Runtime.getRuntime().maxMemory() / 4));
    }

    static Unpacked unpack(Path archive, String kind, long budget) throws IOException {
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
        if (kind.equals("zip")) {
            // the central directory, not a stream: sizes of stored entries are only known there
            try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
                List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
                Iterator<ZipArchiveEntry> it = entries.iterator();
                return copyEntries(archive, kind, into, limit, () -> it.hasNext() ? it.next() : null,
                        zip::canReadEntryData, zip::getInputStream);
            } catch (IOException e) {
                throw unreadable(archive, kind, e);
            }
        }
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             ArchiveInputStream<? extends ArchiveEntry> in = kind.equals("tar.gz")
                     ? new TarArchiveInputStream(new GzipCompressorInputStream(file)) : new TarArchiveInputStream(file)) {
            return copyEntries(archive, kind, into, limit, in::getNextEntry, in::canReadEntryData, entry -> in);
        } catch (IOException e) {
            throw unreadable(archive, kind, e);
        }
    }

    private interface Next<E> { E get() throws IOException; }

    private interface Open<E> { InputStream open(E entry) throws IOException; }

    private static DatasetException unreadable(Path archive, String kind, IOException e) {
        return new DatasetException("cannot unpack " + kind + " archive " + archive + ": " + Failures.describe(e)
                + " (is it complete and really a " + kind + " file?)", e);
    }

    private static <E extends ArchiveEntry> boolean copyEntries(Path archive, String kind, Path into, long limit, Next<E> next,
                                                               java.util.function.Predicate<E> readable, Open<E> open) throws IOException {
        long total = 0;
        Path root = into.toAbsolutePath().normalize();
        byte[] buffer = new byte[1 << 16];
        E entry;
        while ((entry = next.get()) != null) {
            Path target = root.resolve(entry.getName()).normalize();
            if (target.equals(root)) continue;
            if (!target.startsWith(root)) {
                throw new DatasetException("archive " + archive + " has an entry outside its folder: '" + entry.getName()
                        + "'; refusing to unpack it");
            }
            if (!readable.test(entry)) {
                throw new DatasetException("archive " + archive + ": cannot read entry '" + entry.getName()
                        + "' (encrypted or an unsupported compression method)");
            }
            if (entry.isDirectory()) {
                Files.createDirectories(target);
                continue;
            }
            if (entry instanceof TarArchiveEntry tar && !tar.isFile()) continue; // links, devices: never data
            Files.createDirectories(target.getParent());
            InputStream in = open.open(entry);
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
            } finally {
                if (entry instanceof ZipArchiveEntry) in.close(); // a tar entry's stream is the archive's own
            }
        }
        return true;
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
