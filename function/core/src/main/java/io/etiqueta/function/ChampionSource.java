package io.etiqueta.function;

import io.etiqueta.champion.Champion;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;

import java.util.Optional;

/**
 * The one place the function reads the champion pointer. Promotion ({@code etiqueta promote}) writes
 * {@code champion.json}; when it grows its own reader, swap it in here.
 */
final class ChampionSource {
    private ChampionSource() {}

    /** The current champion, empty when nothing was promoted; a StoreException when the store fails. */
    static Optional<Champion> read(Store store) {
        return store.get(StoreLayout.CHAMPION).map(bytes -> {
            try {
                return Json.read(bytes, Champion.class);
            } catch (RuntimeException e) {
                throw new LabellingException(Problem.MODEL_UNUSABLE,
                        "store " + store.location() + ": " + StoreLayout.CHAMPION + " is not a champion record: " + e.getMessage(), e);
            }
        });
    }
}
