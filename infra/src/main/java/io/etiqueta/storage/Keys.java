package io.etiqueta.storage;

import java.nio.charset.StandardCharsets;

/**
 * The one rule for keys, shared by every store so that a key valid in a local folder is valid in S3 and back:
 * '/'-separated segments, each non-empty, neither "." nor "..", no backslash, no control character, not starting
 * with ".etiqueta" (reserved for a store's own temporary and lock files), at most 1024 bytes of UTF-8 in all (S3's
 * limit) and 255 bytes a segment (a file name's limit on common file systems).
 */
final class Keys {
    static final String RESERVED = ".etiqueta";
    private static final int MAX_BYTES = 1024;
    private static final int MAX_SEGMENT_BYTES = 255;

    private Keys() {}

    /** Checks a key; the exception names the store, the key and what is wrong with it. */
    static String check(String location, String key) {
        String problem = problem(key, false);
        if (problem != null) throw new StoreException(location, key, "invalid key: " + problem);
        return key;
    }

    /** Checks a list prefix: like a key, but it may be empty (everything) and may end with '/'. */
    static String checkPrefix(String location, String prefix) {
        String problem = problem(prefix, true);
        if (problem != null) throw new StoreException(location, prefix, "invalid prefix: " + problem);
        return prefix;
    }

    static String problem(String key, boolean prefix) {
        if (key == null) return "it is null";
        if (key.isEmpty()) return prefix ? null : "it is empty";
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) return "it is longer than " + MAX_BYTES + " bytes";
        if (key.startsWith("/")) return "it starts with '/' (keys are relative)";
        if (!prefix && key.endsWith("/")) return "it ends with '/' (that names a folder, not an object)";
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') return "it contains a backslash (use '/')";
            if (Character.isISOControl(c)) return "it contains a control character";
        }
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() && !(prefix && last)) return "it has an empty segment ('//')";
            if (segment.equals(".") || segment.equals("..")) return "it has a '" + segment + "' segment";
            if (segment.startsWith(RESERVED)) return "segments starting with '" + RESERVED + "' are reserved";
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "segment '" + segment.substring(0, 20) + "...' is longer than " + MAX_SEGMENT_BYTES + " bytes";
            }
        }
        return null;
    }
}
