package io.etiqueta.report;

import java.nio.file.Path;

/**
 * A report written to a store, and to a local folder when one was asked for.
 *
 * @param key        the key of its index.html in the store
 * @param location   the store's location as the user named it
 * @param localIndex index.html in the local folder, or null
 */
public record PublishedReport(Report report, String key, String location, Path localIndex) {
    /**
     * Where index.html is in the store, as one string: "./etiqueta-store/reports/x/index.html",
     * "s3://bucket/prefix/reports/x/index.html" (options such as {@code ?path-style=true} left out).
     */
    public String storeAddress() {
        String base = location.contains("?") && location.startsWith("s3://") ? location.substring(0, location.indexOf('?')) : location;
        return base.endsWith("/") ? base + key : base + "/" + key;
    }
}
