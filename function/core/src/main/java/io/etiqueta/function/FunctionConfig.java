package io.etiqueta.function;

import io.etiqueta.errors.Failures;
import io.etiqueta.storage.Stores;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@link FunctionSettings} from configuration keys, the same for both applications
 * ({@code application.properties}, system properties, environment): {@code etiqueta.store} (default: the
 * {@code ETIQUETA_STORE} environment variable, then {@code ./etiqueta-store}), {@code etiqueta.poll-interval}
 * ({@code 10s}, {@code 500ms}, {@code 2m} or ISO-8601), {@code etiqueta.max-request-bytes},
 * {@code etiqueta.max-object-bytes}, {@code etiqueta.max-batch}, {@code etiqueta.max-pixels},
 * {@code etiqueta.default-top-k}, {@code etiqueta.bucket-root}.
 */
public final class FunctionConfig {
    private FunctionConfig() {}

    /** @param lookup a configuration source, e.g. {@code key -> config.getOptionalValue(key, String.class)} */
    public static FunctionSettings settings(Function<String, Optional<String>> lookup) {
        String store = lookup.apply("etiqueta.store").filter(s -> !s.isBlank()).orElseGet(() -> Stores.resolveLocation(null));
        FunctionSettings d = FunctionSettings.defaults(store);
        try {
            return new FunctionSettings(store,
                    lookup.apply("etiqueta.poll-interval").map(FunctionConfig::duration).orElse(d.pollInterval()),
                    lookup.apply("etiqueta.max-request-bytes").map(Long::parseLong).orElse(d.maxRequestBytes()),
                    lookup.apply("etiqueta.max-object-bytes").map(Long::parseLong).orElse(d.maxObjectBytes()),
                    lookup.apply("etiqueta.max-batch").map(Integer::parseInt).orElse(d.maxBatch()),
                    lookup.apply("etiqueta.max-pixels").map(Long::parseLong).orElse(d.maxPixels()),
                    lookup.apply("etiqueta.default-top-k").map(Integer::parseInt).orElse(d.defaultTopK()),
                    lookup.apply("etiqueta.bucket-root").orElse(null));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid etiqueta.* setting: " + Failures.describe(e), e);
        }
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) return Duration.parse(t.toUpperCase(Locale.ROOT));
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            if (t.endsWith("m")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("invalid etiqueta.poll-interval '" + text + "': use 10s, 500ms, 2m or ISO-8601", e);
        }
    }
}
