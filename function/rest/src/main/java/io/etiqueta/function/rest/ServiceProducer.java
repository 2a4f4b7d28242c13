package io.etiqueta.function.rest;

import io.etiqueta.function.FunctionConfig;
import io.etiqueta.function.LabellingService;
import io.etiqueta.function.Health;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Makes the one labelling service of this application and loads the champion at start. */
@ApplicationScoped
public class ServiceProducer {

    @Produces @Singleton
    LabellingService service() {
        Config config = ConfigProvider.getConfig();
        return LabellingService.start(FunctionConfig.settings(key -> config.getOptionalValue(key, String.class)));
    }

    void close(@Disposes LabellingService service) { service.close(); }

    /** Loads the model at start, before the first request. */
    void load(@Observes StartupEvent event, LabellingService service) { service.health(); }

    /** Prints the line './etiqueta serve' waits for, once the HTTP server listens. */
    void ready(@Observes HttpServerStart start, LabellingService service) {
        Config config = ConfigProvider.getConfig();
        String host = start.options().getHost();
        if (host == null || host.equals("0.0.0.0")) host = "localhost";
        // with port 0 Quarkus publishes the port it got in its configuration
        int port = start.options().getPort() > 0 ? start.options().getPort()
                : config.getOptionalValue(LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port", Integer.class).orElse(8080);
        Health health = service.health();
        String model = health.up() ? "model " + health.model().modelId() + " " + health.model().version()
                : "no model yet: " + (health.lastError() == null ? "" : health.lastError().message());
        System.out.println("etiqueta: labelling service ready at http://" + host + ":" + port + "/ (store "
                + health.store() + ", " + model + ")");
        System.out.flush();
    }
}
