package org.nd4j.nativeblas;

/**
 * A bridge for DL4J 1.0.0-M2.1's oneDNN layer helpers. {@code BaseMKLDNNHelper.mklDnnEnabled()} asks, by
 * reflection, {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}, a class M2.1 no
 * longer ships (it became {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment.isUseONEDNN()}), so
 * without this class DL4J silently drops its oneDNN convolution, pooling and batch-norm helpers. This class
 * answers with the real environment's value. Remove it when DL4J is upgraded past the mismatch.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    /** The part of libnd4j's environment that DL4J's helpers look up. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() { return INSTANCE; }

        public boolean isUseMKLDNN() {
            // by name, so that the CUDA build (no nd4j-native) compiles; there it answers false
            return io.etiqueta.train.CpuBackend.cpuEnvironmentUsesOneDnn();
        }
    }
}
