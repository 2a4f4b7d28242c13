package io.etiqueta.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How trials use the CPU: which native build of ND4J loads, whether DL4J's oneDNN layer helpers run, and how many
 * threads one trial's ops use. Measured in docs/performance.md.
 *
 * <p>The training module ships nd4j-native's {@code linux-x86_64-onednn-avx2} build (libnd4j with oneDNN, for the
 * same AVX2 CPUs as the plain {@code -avx2} build) and turns DL4J's oneDNN helpers on, so convolutions, pooling and
 * batch norm run through oneDNN instead of im2col + gemm. Both are chosen by system properties that must be set
 * before ND4J loads, which {@link #configure()} does when they are not already given.
 */
public final class CpuBackend {
    /** JavaCPP picks the native build by this extension of the platform (here: the oneDNN AVX2 build). */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    public static final String ONEDNN_AVX2 = "-onednn-avx2";
    /** DL4J M2.1 creates no layer helper (oneDNN or cuDNN) unless this is {@code false}; its default is {@code true}. */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    private static final String ONEDNN_LIBRARY = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so";

    private CpuBackend() {}

    /**
     * Selects the oneDNN build when it is on the class path and enables the helpers, unless the properties were
     * set (e.g. {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} to compare with DL4J's built-in path).
     * Call before anything touches ND4J; later calls only affect networks built afterwards.
     */
    public static void configure() {
        if (System.getProperty(EXTENSION_PROPERTY) == null && CpuBackend.class.getClassLoader().getResource(ONEDNN_LIBRARY) != null) {
            // without it JavaCPP may load a plain -avx2 build left in its cache by another program
            System.setProperty(EXTENSION_PROPERTY, ONEDNN_AVX2);
        }
        if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
    }

    /** Whether the loaded libnd4j was built with oneDNN and lets ops use it. */
    public static boolean oneDnn() {
        try {
            return Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "").equalsIgnoreCase("CPU")
                    && cpuEnvironmentUsesOneDnn()
                    && buildInformation().contains("HAVE_ONEDNN");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * nd4j-native's {@code Nd4jCpu.Environment.getInstance().isUseONEDNN()}, looked up by name: the CUDA build
     * ({@code -Pcuda}) has no nd4j-native on its class path and must still compile and load this class.
     */
    public static boolean cpuEnvironmentUsesOneDnn() {
        if (CpuEnvironment.IS_USE_ONEDNN == null) return false; // not the CPU backend
        try {
            return Boolean.TRUE.equals(CpuEnvironment.IS_USE_ONEDNN.invoke(CpuEnvironment.GET_INSTANCE.invoke(null)));
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** The CPU backend's environment methods, looked up once (DL4J's helpers ask often); null without nd4j-native. */
    private static final class CpuEnvironment {
        static final java.lang.reflect.Method GET_INSTANCE;
        static final java.lang.reflect.Method IS_USE_ONEDNN;

        static {
            java.lang.reflect.Method getInstance = null, isUseOneDnn = null;
            try {
                Class<?> environment = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                getInstance = environment.getMethod("getInstance");
                isUseOneDnn = environment.getMethod("isUseONEDNN");
            } catch (ReflectiveOperationException | LinkageError e) {
                // the CUDA build: no nd4j-native
            }
            GET_INSTANCE = getInstance;
            IS_USE_ONEDNN = isUseOneDnn;
        }
    }

    static String buildInformation() {
        Nd4j.getExecutioner(); // loads the backend, which NativeOpsHolder needs first
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    }

    /** Cores of this machine as ND4J counts them (all threads it would use by default). */
    public static int cores() { return Math.max(1, Runtime.getRuntime().availableProcessors()); }

    /** Threads for each of {@code workers} trials training at once: the cores shared out, at least one each. */
    public static int threadsPerTrial(int workers) { return Math.max(1, cores() / Math.max(1, workers)); }

    /**
     * Limits the ops started from the calling thread to {@code threads}: ND4J's own thread pools (its
     * environment), OpenMP in this thread (libgomp keeps the count per calling thread, so each trial's thread sets
     * its own) and OpenBLAS (process-wide). Call from the thread that trains.
     */
    public static void useThreads(int threads) {
        int n = Math.max(1, threads);
        var environment = Nd4j.getEnvironment();
        environment.setMaxThreads(n);
        environment.setMaxMasterThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
