package io.etiqueta.storage;

import java.util.Locale;
import java.util.Optional;

/**
 * An S3 store named by one string: {@code s3://bucket}, {@code s3://bucket/prefix} or with options,
 * {@code s3://bucket/prefix?path-style=true}. Keys live under {@code prefix/}.
 *
 * @param bucket    the bucket, which must exist
 * @param prefix    "" or a prefix ending in '/', prepended to every key
 * @param pathStyle the path-style option when the string gives one; else the environment decides
 */
record S3Location(String bucket, String prefix, Optional<Boolean> pathStyle) {
    static final String SCHEME = "s3://";

    static S3Location parse(String location) {
        if (location == null || !location.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not an S3 store: " + location + " (give s3://bucket/prefix)");
        }
        String rest = location.substring(SCHEME.length());
        Optional<Boolean> pathStyle = Optional.empty();
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String option : rest.substring(query + 1).split("&")) {
                if (option.isEmpty()) continue;
                String[] nameValue = option.split("=", 2);
                String value = nameValue.length == 2 ? nameValue[1].toLowerCase(Locale.ROOT) : "true";
                if (!nameValue[0].equals("path-style")) {
                    throw new IllegalArgumentException("unknown option '" + nameValue[0] + "' in store " + location
                            + " (the one option is path-style=true|false)");
                }
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException("path-style must be true or false in store " + location);
                }
                pathStyle = Optional.of(Boolean.parseBoolean(value));
            }
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : stripSlashes(rest.substring(slash + 1));
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("invalid bucket name '" + bucket + "' in store " + location
                    + " (3-63 lower-case letters, digits, '.' and '-')");
        }
        if (!prefix.isEmpty()) {
            Keys.checkPrefix(location, prefix);
            prefix = prefix + "/";
        }
        return new S3Location(bucket, prefix, pathStyle);
    }

    private static String stripSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') start++;
        while (end > start && s.charAt(end - 1) == '/') end--;
        return s.substring(start, end);
    }

    /** The S3 object key of a store key. */
    String objectKey(String key) { return prefix + key; }

    /** The store key of an S3 object key under the prefix. */
    String storeKey(String objectKey) { return objectKey.substring(prefix.length()); }
}
