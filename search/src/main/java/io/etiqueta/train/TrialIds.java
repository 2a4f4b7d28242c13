package io.etiqueta.train;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Readable, sortable, unique-enough ids for standalone trials: t-20261123-131502-3fa9. */
final class TrialIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private TrialIds() {}

    static String next() {
        return "t-" + LocalDateTime.now().format(FORMAT) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
