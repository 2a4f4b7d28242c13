package io.etiqueta.trial;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Shared parsing for the small enums users type on the command line and in search files. */
final class Named {
    private Named() {}

    static <E extends Enum<E>> E parse(Class<E> type, String what, String value, java.util.function.Function<E, String> id) {
        if (value == null) throw new IllegalArgumentException(what + " is missing");
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) if (id.apply(e).equals(v)) return e;
        throw new IllegalArgumentException("unknown " + what + " '" + value + "' (choose one of "
                + Arrays.stream(type.getEnumConstants()).map(id).collect(Collectors.joining(", ")) + ")");
    }
}
