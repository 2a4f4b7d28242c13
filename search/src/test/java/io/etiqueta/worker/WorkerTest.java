package io.etiqueta.worker;

import io.etiqueta.search.execution.TrialRun;
import io.etiqueta.search.spec.Objective;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.search.store.TrialAssignment;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.train.BackendUnavailableException;
import io.etiqueta.train.TrialEngine;
import io.etiqueta.trial.TrialConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the worker's exit status tells Batch. */
class WorkerTest {
    @TempDir Path dir;

    @Test void aHostThatCannotTrainAsksForAnotherAttemptAndRecordsNoResult() {
        Store store = Stores.open(dir.toString());
        SearchStore searches = new SearchStore(store);
        searches.writeRequest(new TrialAssignment("s", "t0001", 1, "fake", TrialConfig.builder().build(), Objective.of("val_accuracy"),
                PruningSettings.none(), 1, List.of(), null, null, null));
        String noGpu = "this is the CUDA build of etiqueta and it found no usable GPU (cudaGetDeviceCount: no CUDA-capable device)";
        TrialEngine cudaWithoutGpu = (request, observer) -> { throw new BackendUnavailableException(noGpu); };

        Worker.Outcome outcome = Worker.run(new TrialRun(store, cudaWithoutGpu)::run, "s", "t0001");

        assertThat(outcome.exitCode()).isEqualTo(WorkerExit.RETRY);
        assertThat(outcome.message()).isEqualTo("trial t0001 of search s: " + noGpu + "; another attempt may get a working host");
        assertThat(searches.trial("s", "t0001")).as("not the trial's fault: no final record").get()
                .satisfies(t -> assertThat(t.state().finished()).isFalse());
    }
}
