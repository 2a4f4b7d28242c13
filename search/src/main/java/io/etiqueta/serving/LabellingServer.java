package io.etiqueta.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the labelling service (the function module's Quarkus app, started by its {@code function/serve} script) in
 * the foreground on a store's champion, for {@code etiqueta serve} and the end of {@code etiqueta quickstart}.
 */
public final class LabellingServer {
    private LabellingServer() {}

    /** Runs the service until it ends (Ctrl-C stops it with this JVM) and returns its exit status. */
    public static int run(String store, int port, String host) throws IOException, InterruptedException {
        Path script = home().resolve("function").resolve("serve");
        if (!Files.isExecutable(script)) {
            throw new IllegalArgumentException("the labelling service is not part of this installation (" + script + " is missing)");
        }
        List<String> command = List.of(script.toString(), "--store", store, "--port", String.valueOf(port), "--host", host);
        Process process = new ProcessBuilder(command).inheritIO().start();
        Thread stopChild = new Thread(process::destroy);
        Runtime.getRuntime().addShutdownHook(stopChild);
        int code = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopChild);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already stopping; the hook ends the service
        }
        return code;
    }

    /** The etiqueta installation: set by the launcher, else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("etiqueta.home", ".")).toAbsolutePath().normalize();
    }
}
