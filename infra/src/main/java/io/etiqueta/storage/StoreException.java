package io.etiqueta.storage;

/** A storage failure that outlasted any retries; the message names the store and the key. */
public class StoreException extends RuntimeException {
    private final String location;
    private final String key;

    public StoreException(String location, String key, String problem, Throwable cause) {
        super("store " + location + (key == null ? "" : ", key " + key) + ": " + problem, cause);
        this.location = location;
        this.key = key;
    }

    public StoreException(String location, String key, String problem) { this(location, key, problem, null); }

    public String location() { return location; }

    public String key() { return key; }
}
