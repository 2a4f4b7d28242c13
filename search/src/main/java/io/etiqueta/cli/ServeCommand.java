package io.etiqueta.cli;

import picocli.CommandLine.*;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "serve", sortOptions = false,
        description = {"Serve the store's champion: the labelling REST API and upload page.",
                "Runs the function module's Quarkus app (built on first use). It notices new promotions",
                "without a restart. Ctrl-C stops it."})
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption storeOption;
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Override public Integer call() throws IOException, InterruptedException {
        return serve(storeOption.location(), port, host);
    }

    /** Runs {@code function/serve} in the foreground and returns its exit status. */
    static int serve(String store, int port, String host) throws IOException, InterruptedException {
        Path script = home().resolve("function").resolve("serve");
        if (!Files.isExecutable(script)) {
            throw new IllegalArgumentException("the labelling service is not part of this installation (" + script + " is missing)");
        }
        List<String> command = new ArrayList<>(List.of(script.toString(), "--store", store, "--port", String.valueOf(port), "--host", host));
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
