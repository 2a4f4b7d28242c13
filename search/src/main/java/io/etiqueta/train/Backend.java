package io.etiqueta.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The ND4J backend and device this process trains on, in the words trial records and {@code etiqueta train} use:
 * {@code cpu: avx2, 2 threads} or {@code cuda: NVIDIA A10G}. Loading the backend is also where a CUDA build on a
 * machine without a usable GPU fails: {@link #describe()} turns that into one line ({@link BackendUnavailableException}).
 */
public final class Backend {
    private static volatile String described;

    private Backend() {}

    /** Loads the backend (once) and describes it; throws {@link BackendUnavailableException} when it cannot load. */
    public static String describe() {
        String d = described;
        if (d != null) return d;
        synchronized (Backend.class) {
            if (described == null) described = load();
            return described;
        }
    }

    private static String load() {
        Properties info;
        try {
            info = Nd4j.getExecutioner().getEnvironmentInformation();
        } catch (Throwable e) { // a native library that cannot load surfaces as an Error (UnsatisfiedLinkError, ExceptionInInitializerError)
            throw new BackendUnavailableException(reason(e));
        }
        String backend = String.valueOf(info.getOrDefault("backend", "unknown")).toLowerCase(Locale.ROOT);
        if (backend.equals("cuda")) {
            Object devices = info.get("cuda.devicesInformation");
            if (devices instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Map<?, ?> first) {
                Object name = first.get("cuda.deviceName");
                if (name != null) return "cuda: " + name + (list.size() > 1 ? " (+" + (list.size() - 1) + " more)" : "");
            }
            return "cuda: unknown device";
        }
        String level;
        try {
            level = switch (NativeOpsHolder.getInstance().getDeviceNativeOps().binaryLevel()) {
                case 3 -> "avx512";
                case 2 -> "avx2";
                default -> "generic x86-64";
            };
        } catch (RuntimeException | LinkageError e) {
            level = "unknown build";
        }
        Object threads = info.getOrDefault("omp.threads", info.get("cores"));
        return backend + ": " + level + ", " + threads + " threads";
    }

    /** The innermost message: what CUDA or the loader said, not the wrapping class names. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
        boolean cuda = String.valueOf(e).toLowerCase(Locale.ROOT).contains("cuda") || message.toLowerCase(Locale.ROOT).contains("cuda")
                || System.getProperty("java.class.path", "").contains("nd4j-cuda");
        return cuda
                ? "this is the CUDA build of etiqueta and it found no usable GPU (" + message + "); use the CPU build (built without -Pcuda) on this machine"
                : "the ND4J backend could not load (" + message + ")";
    }
}
