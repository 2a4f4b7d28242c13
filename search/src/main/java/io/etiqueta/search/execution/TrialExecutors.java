package io.etiqueta.search.execution;

import io.etiqueta.search.spec.ExecutorSettings;
import io.etiqueta.storage.Store;
import io.etiqueta.train.TrialEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Maps an executor kind to its implementation: {@code local} is built in; other kinds (such as {@code batch}) plug
 * in as a {@link Provider} listed in {@code META-INF/services/io.etiqueta.search.execution.TrialExecutors$Provider},
 * without the runner knowing them.
 */
public final class TrialExecutors {
    private TrialExecutors() {}

    /**
     * What an executor is made from.
     *
     * @param store    the search's store (patient: rides out outages)
     * @param searchId the search
     * @param settings the executor section of the search file (with any --executor override)
     * @param slots    trials in flight at once
     * @param engine   this process's trial engine (what a local executor trains with)
     */
    public record Context(Store store, String searchId, ExecutorSettings settings, int slots, TrialEngine engine) {}

    /** Makes executors of one kind. */
    public interface Provider {
        String kind();

        TrialExecutor create(Context context);
    }

    /** Makes the executor for a search; the runner takes another factory in tests. */
    @FunctionalInterface
    public interface Factory {
        TrialExecutor create(Context context);
    }

    /** The executor the settings name: local threads, or a plugged-in provider's. */
    public static TrialExecutor create(Context context) {
        String kind = context.settings().kind();
        if (ExecutorSettings.LOCAL.equals(kind)) return new LocalTrialExecutor(context.store(), context.engine(), context.slots());
        List<String> known = new ArrayList<>(List.of(ExecutorSettings.LOCAL));
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.kind().equals(kind)) return p.create(context);
            known.add(p.kind());
        }
        throw new IllegalArgumentException("unknown executor kind '" + kind + "' (known here: " + String.join(", ", known) + ")");
    }
}
