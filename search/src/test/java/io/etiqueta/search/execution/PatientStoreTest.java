package io.etiqueta.search.execution;

import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;
import io.etiqueta.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Riding out a store outage: retries after the store answered once, gives up after the patience, fails fast before. */
class PatientStoreTest {
    @TempDir Path dir;

    /** A real local store whose every operation fails while {@code down} is above zero (counting down per call). */
    static Store flaky(Store real, AtomicInteger down) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class}, (p, m, args) -> {
            if (!m.getName().equals("location") && !m.getName().equals("close") && down.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StoreException(real.location(), null, "connection refused (outage)");
            }
            try {
                return m.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test void anOutageAfterTheStoreAnsweredIsRiddenOutAndTheWriteLands() {
        AtomicInteger down = new AtomicInteger();
        Store store = new PatientStore(flaky(Stores.open(dir.toString()), down), Duration.ofSeconds(30));
        store.put("a", new byte[]{1});
        down.set(2); // the next two calls fail: retried after 1 s and 2 s
        store.put("b", new byte[]{2});
        assertThat(store.get("b")).get().isEqualTo(new byte[]{2});
        assertThat(down.get()).isZero();
    }

    @Test void itGivesUpAfterItsPatienceAndFailsAtOnceBeforeTheStoreEverAnswered() {
        AtomicInteger down = new AtomicInteger(1_000_000);
        Store neverUp = new PatientStore(flaky(Stores.open(dir.toString()), down), Duration.ofMinutes(15));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> neverUp.get("x")).isInstanceOf(StoreException.class).hasMessageContaining("outage");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

        AtomicInteger later = new AtomicInteger();
        Store store = new PatientStore(flaky(Stores.open(dir.toString()), later), Duration.ofSeconds(2));
        store.put("a", new byte[]{1});
        later.set(1_000_000);
        assertThatThrownBy(() -> store.get("a")).isInstanceOf(StoreException.class);
    }

    @Test void patienceIsConfiguredAsADuration() {
        assertThat(PatientStore.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(PatientStore.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(PatientStore.parse("2")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> PatientStore.parse("soon")).hasMessageContaining(PatientStore.PATIENCE_ENV);
    }
}
