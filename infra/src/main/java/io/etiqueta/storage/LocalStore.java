package io.etiqueta.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.*;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** A store in a local folder. Writes go to a temporary file first and are renamed into place, so they are atomic. */
final class LocalStore implements Store {
    private static final String TMP_SUFFIX = ".etiqueta-tmp";
    private final Path root;
    private final String location;

    LocalStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.location = root.toString();
    }

    @Override public String location() { return location; }

    private Path path(String key) {
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new StoreException(location, key, "invalid key");
        }
        return root.resolve(key);
    }

    private Path temp(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TMP_SUFFIX);
    }

    @Override public void put(String key, byte[] content) {
        Path target = path(key);
        try {
            Path tmp = temp(target);
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot write: " + e, e);
        }
    }

    @Override public void put(String key, Path file) {
        Path target = path(key);
        try {
            Path tmp = temp(target);
            Files.copy(file, tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new StoreException(location, key, "no such file to store: " + file, e);
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot write: " + e, e);
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
            return Optional.of(Files.newInputStream(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot read: " + e, e);
        }
    }

    @Override public boolean exists(String key) { return Files.isRegularFile(path(key)); }

    @Override public List<String> list(String prefix) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(TMP_SUFFIX)
                            && !p.getFileName().toString().endsWith(".lock"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException(location, prefix, "cannot list: " + e, e);
        }
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
        try {
            Path tmp = temp(target);
            Files.write(tmp, content);
            try {
                // a hard link fails atomically when the target exists: exactly one racer wins
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot create: " + e, e);
        }
    }

    @Override public Optional<Versioned> getVersioned(String key) {
        return get(key).map(bytes -> new Versioned(bytes, digest(bytes)));
    }

    @Override public boolean replace(String key, byte[] content, String expectedVersion) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Optional<byte[]> current = get(key);
                if (current.isEmpty() || !digest(current.get()).equals(expectedVersion)) return false;
                put(key, content);
                return true;
            }
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot replace: " + e, e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
