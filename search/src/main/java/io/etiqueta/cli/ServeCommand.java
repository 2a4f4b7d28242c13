package io.etiqueta.cli;

import io.etiqueta.serving.LabellingServer;
import picocli.CommandLine.*;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
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
        return LabellingServer.run(storeOption.location(), port, host);
    }
}
