package io.etiqueta.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where etiqueta keeps everything: trial records, curves, model bundles, reports and the champion pointer.
 * Keys are '/'-separated relative paths (see {@link StoreLayout}). Implementations: a local folder and S3;
 * both are opened by {@link Stores#open(String)} from one string.
 *
 * <p>Writes are atomic: a reader sees the old object or the whole new one, never a half-written one.
 * Every failure is a {@link StoreException} naming the store and the key; an invalid key (absolute, with "..",
 * empty segments, a backslash, control characters, over 1024 bytes) is one too, the same in every store.
 * Stores are safe to use from many threads. {@link #createIfAbsent} and {@link #replace} are the only
 * operations that are safe against concurrent writers of the same key: use them, not {@link #put}, for
 * anything several writers race for (the champion pointer, claims).
 */
public interface Store extends AutoCloseable {

    /** Where this store is, as the user named it ("./runs", "s3://bucket/prefix"). */
    String location();

    void put(String key, byte[] content);

    /** Streams a (possibly large) file into the store without holding it in memory. */
    void put(String key, Path file);

    /**
     * Streams {@code length} bytes from {@code content} into the store without holding them in memory (a model
     * bundle can be over 500 MB). When the stream fails or ends early nothing is stored under the key: the old
     * object, if any, stays. The caller closes the stream.
     */
    default void put(String key, InputStream content, long length) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("etiqueta-put", ".tmp");
            long copied;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                copied = content.transferTo(out);
            }
            if (copied != length) {
                throw new StoreException(location(), key, "expected " + length + " bytes to store but the stream gave " + copied);
            }
            put(key, tmp);
        } catch (IOException e) {
            throw new StoreException(location(), key, "cannot read the content to store: " + e, e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* a temp file left behind is harmless */ }
            }
        }
    }

    /** The object's bytes, or empty when there is none. */
    Optional<byte[]> get(String key);

    /** Opens the object for streaming; the caller closes it. Empty when there is none. */
    Optional<InputStream> open(String key);

    boolean exists(String key);

    /** Every key under the prefix (recursively), sorted. */
    List<String> list(String prefix);

    /** Removes the object; no error when it is already gone. */
    void delete(String key);

    /** Writes the object only when no object has the key. Returns false when one already exists. */
    boolean createIfAbsent(String key, byte[] content);

    /** The object with a version token for {@link #replace}; empty when there is none. */
    Optional<Versioned> getVersioned(String key);

    /**
     * Compare-and-swap: replaces the object only when its version is still {@code expectedVersion}.
     * Returns false when someone else changed (or deleted) it in between.
     */
    boolean replace(String key, byte[] content, String expectedVersion);

    @Override
    default void close() {}

    /** An object's bytes and the opaque version token that {@link #replace} compares. */
    record Versioned(byte[] content, String version) {}
}
