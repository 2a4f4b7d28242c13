package io.etiqueta.storage;

import io.etiqueta.errors.UserError;

/** A storage failure that outlasted any retries; the message names the store and the key. */
public class StoreException extends UserError {
    private final String location;
    private final String key;

    public StoreException(String location, String key, String problem, Throwable cause) {
        super(Kind.STORE, "store " + location + (key == null ? "" : ", key " + key) + ": " + problem, cause);
        this.location = location;
        this.key = key;
    }

    public StoreException(String location, String key, String problem) { this(location, key, problem, null); }

    public String location() { return location; }

    public String key() { return key; }
}
