package io.etiqueta.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A store in a local folder: each key is a file under the root. Writes go to a temporary file beside the target
 * and are renamed into place, so readers never see half an object. Temporary and lock files carry the reserved
 * {@value Keys#RESERVED} prefix, which no key may use, so they never show up in {@link #list}.
 *
 * <p>Conditional writes hold across threads and processes: {@link #createIfAbsent} links the finished temporary
 * file to the key (a hard link fails atomically when the key exists); {@link #replace} holds a lock for the key,
 * first a lock object in this JVM (two threads of one JVM cannot both hold a {@link FileLock}), then an OS file
 * lock under {@code .etiqueta-locks/} for other processes.
 */
final class LocalStore implements Store {
    private static final String TMP_PREFIX = Keys.RESERVED + "-tmp-";
    private static final Path LOCKS = Path.of(Keys.RESERVED + "-locks");

    private final Path root;
    private final String location;
    /**
     * One lock per lock file for the whole JVM, not per store: two stores opened on one folder must not both try
     * to hold the same {@link FileLock} (the JVM refuses with OverlappingFileLockException).
     */
    private static final ConcurrentHashMap<Path, ReentrantLock> KEY_LOCKS = new ConcurrentHashMap<>();

    LocalStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.location = root.toString();
    }

    @Override public String location() { return location; }

    private Path path(String key) {
        return root.resolve(Keys.check(location, key));
    }

    private Path temp(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling(TMP_PREFIX + UUID.randomUUID());
    }

    /** Moves a finished temporary file onto the key in one step; the temporary file never outlives a failure. */
    private void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override public void put(String key, byte[] content) {
        Path target = path(key);
        try {
            Path tmp = temp(target);
            try {
                Files.write(tmp, content);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot write: " + e, e);
        }
    }

    @Override public void put(String key, Path file) {
        Path target = path(key);
        try {
            Path tmp = temp(target);
            // copied as a stream: a file-to-file copy keeps the source's mode, and temporary files are 0600
            try (InputStream in = Files.newInputStream(file)) {
                Files.copy(in, tmp);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            moveIntoPlace(tmp, target);
        } catch (NoSuchFileException e) {
            throw new StoreException(location, key, "no such file to store: " + file, e);
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot write: " + e, e);
        }
    }

    @Override public void put(String key, InputStream content, long length) {
        Path target = path(key);
        Path tmp = null;
        try {
            tmp = temp(target);
            long copied;
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copied = content.transferTo(out);
            }
            if (copied != length) {
                throw new StoreException(location, key, "expected " + length + " bytes to store but the stream gave " + copied);
            }
            moveIntoPlace(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot write: " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot read: " + e, e);
        }
    }

    @Override public Optional<InputStream> open(String key) {
        try {
            InputStream in = Files.newInputStream(path(key));
            return Optional.of(new FilterInputStream(in) {
                @Override public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        throw new IOException("store " + location + ", key " + key + ": cannot read: " + e, e);
                    }
                }
            });
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot read: " + e, e);
        }
    }

    @Override public boolean exists(String key) { return Files.isRegularFile(path(key)); }

    @Override public List<String> list(String prefix) {
        Keys.checkPrefix(location, prefix);
        // walk only the deepest folder the prefix names, not the whole store
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) return List.of();
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(p -> !p.equals(start))
                    .filter(p -> !isReserved(root.relativize(p)))
                    .filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException(location, prefix, "cannot list: " + e, e);
        }
    }

    private static boolean isReserved(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().startsWith(Keys.RESERVED)) return true;
        }
        return false;
    }

    @Override public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot delete: " + e, e);
        }
    }

    @Override public boolean createIfAbsent(String key, byte[] content) {
        Path target = path(key);
        Path tmp = null;
        try {
            tmp = temp(target);
            Files.write(tmp, content);
            try {
                // a hard link fails atomically when the target exists: exactly one racer wins, and the winner's
                // object appears whole because the temporary file was complete before the link
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException) return false;
                // a file system without hard links: check and move while holding the key's lock
                Path finished = tmp;
                return withKeyLock(key, () -> {
                    if (Files.exists(target)) return false;
                    Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
                    return true;
                });
            }
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot create: " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override public Optional<Versioned> getVersioned(String key) {
        return get(key).map(bytes -> new Versioned(bytes, digest(bytes)));
    }

    @Override public boolean replace(String key, byte[] content, String expectedVersion) {
        path(key);
        try {
            return withKeyLock(key, () -> {
                Optional<byte[]> current = get(key);
                if (current.isEmpty() || !digest(current.get()).equals(expectedVersion)) return false;
                put(key, content);
                return true;
            });
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot replace: " + e, e);
        }
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs the action holding the key's lock in this JVM and in the OS (for other processes sharing the folder). */
    private <T> T withKeyLock(String key, Locked<T> action) throws IOException {
        Path lockFile = root.resolve(LOCKS).resolve(key + ".lock");
        ReentrantLock jvmLock = KEY_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) return;
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a leftover temporary file is hidden from list() and harmless
        }
    }

    /** The version token: the content's SHA-256, so equal content means equal version in every process. */
    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
