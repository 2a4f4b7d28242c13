package io.etiqueta.train;

import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A frozen base's output for every image of a dataset, computed once and kept in the store under
 * {@link StoreLayout#features}: keyed by the base and its weights ({@link FrozenBase#id}), the dataset's content
 * fingerprint and a hash of the preprocessing (size, colour, mean, std). Every trial of every search on the same
 * dataset and base then trains its head on these, and a changed dataset, preprocessing or weights file gets its
 * own entry. The last entries read stay in memory, so the trials of one search do not read the file again.
 *
 * <p>File format: "ETQFEAT1", the count n and width w (ints), a description (UTF), then per image its label
 * (int) and w floats, little-endian; images in dataset order, the training pool first, then the test set.
 */
final class FeatureCache {
    private static final byte[] MAGIC = "ETQFEAT1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEPT_IN_MEMORY = 2;
    private static final Map<String, float[][]> MEMORY = new LinkedHashMap<>(4, 0.75f, true);
    private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

    private final Store store;
    private final Consumer<String> log;

    FeatureCache(Store store, Consumer<String> log) {
        this.store = store;
        this.log = log;
    }

    /** The base's features for every image of the dataset: from memory, the store, or computed (and stored) now. */
    Featurised features(FrozenBase base, LoadedDataset data) {
        String key = key(base, data);
        String memoryKey = store.location() + "|" + key;
        synchronized (LOCKS.computeIfAbsent(memoryKey, k -> new Object())) {
            float[][] rows = remembered(memoryKey);
            if (rows == null) {
                rows = read(key, base, data).orElse(null);
                if (rows != null) {
                    log.accept("features of " + data.size() + " images by " + base.id() + " read from the store (" + key + ")");
                } else {
                    rows = compute(base, data, key);
                }
                remember(memoryKey, rows);
            }
            return new Featurised(key, rows, data);
        }
    }

    static String key(FrozenBase base, LoadedDataset data) {
        return StoreLayout.features(base.id(), data.fingerprint(), preprocessing(base.input()));
    }

    /** A short hash of everything that turns pixels into the base's input. */
    static String preprocessing(ImageSpec spec) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("v1 " + spec.width() + "x" + spec.height() + " " + spec.color().id() + " mean " + Arrays.toString(spec.mean())
                    + " std " + Arrays.toString(spec.std())).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private float[][] compute(FrozenBase base, LoadedDataset data, String key) {
        Examples all = all(data);
        log.accept("featurising " + all.size() + " images with " + base.id() + " (once for this dataset, preprocessing and base; "
                + "kept in the store as " + key + ")");
        long started = System.nanoTime();
        int step = Math.max(FrozenBase.BATCH, all.size() / 10 / FrozenBase.BATCH * FrozenBase.BATCH);
        float[][] rows = base.features(all, done -> {
            if (done % step == 0 || done == all.size()) {
                log.accept(String.format("featurised %d/%d images (%.1fs)", done, all.size(), (System.nanoTime() - started) / 1e9));
            }
        });
        write(key, base, data, all, rows);
        return rows;
    }

    private static Examples all(LoadedDataset data) {
        if (!data.hasTestSet()) return data.train();
        byte[][] pixels = new byte[data.size()][];
        int[] labels = new int[data.size()];
        int n = data.train().size();
        System.arraycopy(data.train().pixels(), 0, pixels, 0, n);
        System.arraycopy(data.train().labels(), 0, labels, 0, n);
        System.arraycopy(data.test().pixels(), 0, pixels, n, data.test().size());
        System.arraycopy(data.test().labels(), 0, labels, n, data.test().size());
        return new Examples(pixels, labels);
    }

    private void write(String key, FrozenBase base, LoadedDataset data, Examples all, float[][] rows) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("etiqueta-features", ".bin");
            int width = base.width();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                out.write(MAGIC);
                out.writeInt(rows.length);
                out.writeInt(width);
                out.writeUTF(base.id() + " on " + data.source() + " (" + data.fingerprint() + "), input " + base.input());
                ByteBuffer buffer = ByteBuffer.allocate(width * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < rows.length; i++) {
                    out.writeInt(all.labels()[i]);
                    buffer.clear();
                    buffer.asFloatBuffer().put(rows[i]);
                    out.write(buffer.array());
                }
            }
            store.put(key, tmp);
        } catch (IOException e) {
            // the features are still usable for this process; only the reuse by later searches is lost
            log.accept("could not keep the features in the store (" + e.getMessage() + "); later searches will compute them again");
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* a temp file left behind is harmless */ }
        }
    }

    /** The stored features, when there are some for exactly this dataset (count, width and labels agree). */
    private Optional<float[][]> read(String key, FrozenBase base, LoadedDataset data) {
        Optional<InputStream> opened = store.open(key);
        if (opened.isEmpty()) return Optional.empty();
        Examples all = all(data);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(opened.get(), 1 << 20))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            int n = in.readInt(), width = in.readInt();
            in.readUTF();
            if (!Arrays.equals(magic, MAGIC) || n != all.size() || width != base.width()) {
                log.accept("stored features " + key + " do not match this dataset; computing them again");
                return Optional.empty();
            }
            float[][] rows = new float[n][width];
            byte[] bytes = new byte[width * 4];
            for (int i = 0; i < n; i++) {
                if (in.readInt() != all.labels()[i]) {
                    log.accept("stored features " + key + " have other labels than this dataset; computing them again");
                    return Optional.empty();
                }
                in.readFully(bytes);
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(rows[i]);
            }
            return Optional.of(rows);
        } catch (IOException e) {
            log.accept("stored features " + key + " cannot be read (" + e.getMessage() + "); computing them again");
            return Optional.empty();
        }
    }

    private static float[][] remembered(String key) {
        synchronized (MEMORY) {
            return MEMORY.get(key);
        }
    }

    private static void remember(String key, float[][] rows) {
        synchronized (MEMORY) {
            MEMORY.put(key, rows);
            while (MEMORY.size() > KEPT_IN_MEMORY) MEMORY.remove(MEMORY.keySet().iterator().next());
        }
    }

    /** Forgets the features held in memory (tests, and a process that is done with a dataset). */
    static void forget() {
        synchronized (MEMORY) {
            MEMORY.clear();
        }
    }

    /** A dataset's features, found again for any subset of its examples by the identity of their pixel arrays. */
    static final class Featurised {
        private final String key;
        private final float[][] rows;
        private final IdentityHashMap<byte[], Integer> index = new IdentityHashMap<>();

        Featurised(String key, float[][] rows, LoadedDataset data) {
            this.key = key;
            this.rows = rows;
            Examples all = all(data);
            for (int i = 0; i < all.size(); i++) index.put(all.pixels()[i], i);
        }

        String key() { return key; }

        /** The features of these examples (a split or fold of the dataset they were computed for), in their order. */
        TrainingSet.Features of(Examples examples, int classes) {
            float[][] out = new float[examples.size()][];
            for (int i = 0; i < examples.size(); i++) {
                Integer row = index.get(examples.pixels()[i]);
                if (row == null) throw new IllegalStateException("an example that is not part of the featurised dataset");
                out[i] = rows[row];
            }
            return new TrainingSet.Features(out, examples.labels(), classes);
        }
    }
}
