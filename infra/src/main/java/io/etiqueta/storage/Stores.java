package io.etiqueta.storage;

import java.nio.file.Path;
import java.util.Optional;

/** Opens a store from the one string users give everywhere: a local path or s3://bucket/prefix. */
public final class Stores {
    /** The environment variable that names the store when --store is not given. */
    public static final String ENV = "ETIQUETA_STORE";
    /** The embedded default: a local folder in the working directory. */
    public static final String DEFAULT_LOCATION = "./etiqueta-store";

    private Stores() {}

    /**
     * Opens the store the string names: {@code s3://bucket[/prefix][?path-style=true|false]} for S3 (configured
     * the AWS way: see docs/storage.md), anything else without a URI scheme is a local folder.
     *
     * @throws IllegalArgumentException when the string names no store etiqueta knows (the message says why)
     */
    public static Store open(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("empty store location: give a local folder or s3://bucket/prefix");
        }
        if (location.startsWith(S3Location.SCHEME)) {
            return new S3Store(location, S3Store.S3Settings.fromEnvironment());
        }
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("unsupported store " + location + ": give a local folder or s3://bucket/prefix");
        }
        return new LocalStore(Path.of(location));
    }

    /** The store named by --store when given, else by ETIQUETA_STORE, else the embedded default. */
    public static String resolveLocation(String option) {
        if (option != null && !option.isBlank()) return option;
        String env = System.getenv(ENV);
        return env != null && !env.isBlank() ? env : DEFAULT_LOCATION;
    }

    /**
     * What is wrong with a key by the stores' one rule (see {@link Store}), or empty when it is valid: for callers
     * that take keys from users and must refuse a bad one before any network call.
     */
    public static Optional<String> invalidKey(String key) {
        return Optional.ofNullable(Keys.problem(key, false));
    }
}
