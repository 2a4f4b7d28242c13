package io.etiqueta.search.execution;

import io.etiqueta.search.store.TrialAssignment;
import io.etiqueta.storage.Store;
import io.etiqueta.train.TrialEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs trials on a fixed pool of daemon threads of this process, each through {@link TrialRun}: the default. */
public final class LocalTrialExecutor implements TrialExecutor {
    private final int slots;
    private final TrialRun run;
    private final ExecutorService pool;
    private final LinkedBlockingQueue<TrialEnd> ended = new LinkedBlockingQueue<>();

    public LocalTrialExecutor(Store store, TrialEngine engine, int slots) {
        this.slots = slots;
        this.run = new TrialRun(store, engine);
        this.pool = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "etiqueta-trial");
            t.setDaemon(true);
            return t;
        });
    }

    @Override public int slots() { return slots; }

    @Override public void start(TrialAssignment request) {
        pool.execute(() -> {
            TrialEnd end;
            try {
                end = TrialEnd.finished(run.run(request.searchId(), request.trialId()));
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vme && !(e instanceof OutOfMemoryError)) throw vme;
                end = TrialEnd.failed(request.trialId(), "could not run: " + e);
            }
            ended.add(end);
        });
    }

    @Override public List<TrialEnd> awaitEnded(Duration timeout) throws InterruptedException {
        List<TrialEnd> out = new ArrayList<>();
        TrialEnd first = ended.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) return out;
        out.add(first);
        ended.drainTo(out);
        return out;
    }

    @Override public void close() { pool.shutdownNow(); }
}
