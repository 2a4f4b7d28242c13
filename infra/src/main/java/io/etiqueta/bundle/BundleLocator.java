package io.etiqueta.bundle;

import io.etiqueta.errors.Failures;
import io.etiqueta.champion.Champion;
import io.etiqueta.champion.Promotions;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a bundle from what a user typed: a bundle file, an {@code s3://bucket/key.etq} URL, or, in the store,
 * {@code champion}, a key, a trial id or {@code searchId:trialId} (how bundles are named in a store:
 * {@link StoreLayout#bundle}). The command line's {@code evaluate} and {@code label} take such a reference.
 */
public final class BundleLocator {
    private BundleLocator() {}

    /** The bundle {@code reference} names; a reference into a store is looked up in {@code storeLocation}. */
    public static ModelBundle load(String reference, String storeLocation) {
        Path file = Path.of(reference);
        if (!reference.startsWith("s3://") && Files.isRegularFile(file)) return BundleIO.read(file);
        if (file.isAbsolute() || reference.startsWith("./") || reference.startsWith("../")) {
            throw new IllegalArgumentException("no model bundle file " + reference);
        }
        if (reference.startsWith("s3://") && reference.endsWith(".etq")) {
            String rest = reference.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash < 0) throw new IllegalArgumentException("not a bundle URL: " + reference);
            try (Store store = Stores.open("s3://" + rest.substring(0, slash))) {
                return read(store, rest.substring(slash + 1));
            }
        }
        try (Store store = Stores.open(storeLocation)) {
            return read(store, key(store, reference));
        }
    }

    private static String key(Store store, String reference) {
        if (reference.equals("champion")) {
            return new Promotions(store).current().map(Champion::bundleKey).orElseThrow(() ->
                    new IllegalArgumentException("no model promoted in store " + store.location() + " yet (etiqueta promote <search-id>)"));
        }
        if (reference.endsWith(".etq")) return reference;
        int colon = reference.indexOf(':');
        return colon < 0 ? StoreLayout.bundle(null, reference)
                : StoreLayout.bundle(reference.substring(0, colon), reference.substring(colon + 1));
    }

    private static ModelBundle read(Store store, String key) {
        InputStream in = store.open(key).orElseThrow(() -> new IllegalArgumentException(
                "no model bundle '" + key + "' in store " + store.location() + " (give a bundle file, a trial id, searchId:trialId or champion)"));
        try (in) {
            return BundleIO.read(in, store.location() + "/" + key);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + key + " from " + store.location() + ": " + Failures.describe(e), e);
        }
    }
}
