package io.etiqueta.champion;

import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromotionsTest {
    @TempDir Path dir;

    static Champion candidate(String trial) {
        return new Champion(0, null, "searches/s/trials/" + trial + "/bundle.etq", "s:" + trial, "s", trial, "d", 0.9, 0.91, null, "test", null);
    }

    @Test void promotesKeepsTheHistoryAndRestores() {
        Store store = Stores.open(dir.toString());
        Promotions p = new Promotions(store);
        assertThat(p.current()).isEmpty();
        assertThat(p.history()).isEmpty();
        Champion first = p.promote(candidate("t0001"));
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.version()).isEqualTo("v1");
        assertThat(first.promotedAt()).isNotNull();
        Champion second = p.promote(candidate("t0002"));
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(p.current()).contains(second);
        Champion restored = p.restore(1, "me");
        assertThat(restored.sequence()).isEqualTo(3);
        assertThat(restored.trialId()).isEqualTo("t0001");
        assertThat(restored.bundleKey()).isEqualTo(first.bundleKey());
        assertThat(restored.note()).isEqualTo("restored v1");
        assertThat(p.history()).extracting(Champion::sequence).containsExactly(1L, 2L, 3L);
        assertThat(p.history().get(1)).isEqualTo(second);
        assertThatThrownBy(() -> p.restore(9, "me")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no promotion 9");
    }

    @Test void aHistoryEntryLostToACrashIsWrittenByTheNextPromotion() {
        Store store = Stores.open(dir.toString());
        Promotions p = new Promotions(store);
        p.promote(candidate("t0001"));
        Champion second = p.promote(candidate("t0002"));
        store.delete(StoreLayout.promotion(2)); // as if the process died between the swap and the history write
        p.promote(candidate("t0003"));
        assertThat(p.history()).extracting(Champion::sequence).containsExactly(1L, 2L, 3L);
        assertThat(Json.read(store.get(StoreLayout.promotion(2)).orElseThrow(), Champion.class)).isEqualTo(second);
    }

    @Test void concurrentPromotionsNeverInterleave() throws Exception {
        Store store = Stores.open(dir.toString());
        int threads = 8, each = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Champion>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                Promotions p = new Promotions(store); // each its own instance, as separate processes would have
                List<Champion> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) mine.add(p.promote(candidate("w" + thread + "-" + i)));
                return mine;
            }));
        }
        go.countDown();
        List<Champion> all = new ArrayList<>();
        for (var f : futures) all.addAll(f.get());
        pool.shutdown();
        int total = threads * each;
        List<Long> sequences = new ArrayList<>(all.stream().map(Champion::sequence).toList());
        Collections.sort(sequences);
        assertThat(sequences).as("unique and gapless").containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        List<Champion> history = new Promotions(store).history();
        assertThat(history).hasSize(total);
        // every promotion's history entry is exactly what that promoter got back
        for (Champion c : all) assertThat(history.get((int) c.sequence() - 1)).isEqualTo(c);
        assertThat(new Promotions(store).current().orElseThrow().sequence()).isEqualTo(total);
        // within one promoter, sequences grow
        for (var f : futures) {
            List<Long> mine = f.get().stream().map(Champion::sequence).toList();
            assertThat(mine).isSorted();
        }
    }
}
