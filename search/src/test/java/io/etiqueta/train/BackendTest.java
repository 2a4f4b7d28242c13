package io.etiqueta.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackendTest {
    @Test void theCpuBuildNamesItsInstructionSetAndThreads() {
        assertThat(Backend.describe()).matches("cpu: (avx2|avx512|generic x86-64|unknown build), \\d+ threads");
    }

    @Test void aCudaBackendThatCannotLoadIsOneLineSayingThereIsNoUsableGpu() {
        // what nd4j-cuda throws through its backend loader on a machine without a GPU
        var e = new ExceptionInInitializerError(new RuntimeException("cudaGetDeviceCount failed: CUDA driver version is insufficient for CUDA runtime version\n\tat org.nd4j..."));
        String reason = Backend.reason(e);
        assertThat(reason).isEqualTo("this is the CUDA build of etiqueta and it found no usable GPU (cudaGetDeviceCount failed: CUDA driver version is "
                + "insufficient for CUDA runtime version); use the CPU build (built without -Pcuda) on this machine");
        assertThat(reason).doesNotContain("\n");
        assertThat(Backend.reason(new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"))).isEqualTo("the ND4J backend could not load (no jnind4jcpu in java.library.path)");
    }
}
