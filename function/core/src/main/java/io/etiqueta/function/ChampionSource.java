package io.etiqueta.function;

import io.etiqueta.errors.Failures;
import io.etiqueta.champion.Champion;
import io.etiqueta.champion.Promotions;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;
import io.etiqueta.storage.StoreLayout;

import java.util.Optional;

/** The one place the function reads the champion pointer: through promotion's own reader ({@link Promotions}). */
final class ChampionSource {
    private ChampionSource() {}

    /** The current champion, empty when nothing was promoted; a StoreException when the store fails. */
    static Optional<Champion> read(Store store) {
        try {
            return new Promotions(store).current();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LabellingException(Problem.MODEL_UNUSABLE,
                    "store " + store.location() + ": " + StoreLayout.CHAMPION + " is not a champion record: " + Failures.describe(e), e);
        }
    }
}
