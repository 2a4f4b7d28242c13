package io.etiqueta.function.rest;

import io.etiqueta.function.FunctionConfig;
import io.etiqueta.function.FunctionSettings;
import io.etiqueta.function.LabellingService;
import io.etiqueta.function.Health;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Makes the one labelling service of this application (or takes the one {@link ServeMain} started early) and loads the champion at start. */
@ApplicationScoped
public class ServiceProducer {

    @Produces @Singleton
    LabellingService service() {
        Config config = ConfigProvider.getConfig();
        FunctionSettings settings = FunctionConfig.settings(key -> config.getOptionalValue(key, String.class));
        // the service ServeMain started while Quarkus booted, when its settings are these
        return ServeMain.takeEarly(settings).orElseGet(() -> LabellingService.start(settings));
    }

    void close(@Disposes LabellingService service) { service.close(); }

    /**
     * Loads the model at start, then prints the line './etiqueta serve' waits for once the port accepts
     * connections (StartupEvent comes just before the HTTP server listens, so a daemon thread waits for it).
     */
    void ready(@Observes StartupEvent event, LabellingService service) {
        Config config = ConfigProvider.getConfig();
        String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("localhost");
        if (host.equals("0.0.0.0")) host = "localhost";
        // with port 0 (tests) Quarkus publishes the port it got in its configuration
        String portKey = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = config.getOptionalValue(portKey, Integer.class).orElse(8080);
        Health health = service.health();
        String model = health.up() ? "model " + health.model().modelId() + " " + health.model().version()
                : "no model yet: " + (health.lastError() == null ? "" : health.lastError().message());
        String line = "etiqueta: labelling service ready at http://" + host + ":" + port + "/ (store " + health.store() + ", " + model + ")";
        String connectTo = host;
        Thread announcer = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(connectTo, port), 200);
                    break;
                } catch (IOException notYet) {
                    try { Thread.sleep(20); } catch (InterruptedException e) { return; }
                }
            }
            System.out.println(line);
            System.out.flush();
        }, "etiqueta-ready");
        announcer.setDaemon(true);
        announcer.start();
    }
}
