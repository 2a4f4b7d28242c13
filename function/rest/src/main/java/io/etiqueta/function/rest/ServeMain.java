package io.etiqueta.function.rest;

import io.etiqueta.function.FunctionConfig;
import io.etiqueta.function.FunctionSettings;
import io.etiqueta.function.LabellingService;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The REST app's entry point: before Quarkus boots, a daemon thread starts the labelling service (ND4J's natives,
 * the image decoders, champion.json, the champion's network, one label through the whole path), so that this work
 * overlaps with Quarkus' start instead of following it. {@link ServiceProducer} takes that service when Quarkus'
 * configuration gives the same settings (read here from system properties, the environment and
 * application.properties, as Quarkus reads them), and otherwise starts its own. {@code -Detiqueta.noWarmUp=true}
 * turns the overlap off, for measuring what it gains (function/bench).
 */
@QuarkusMain
public class ServeMain {
    private static volatile CompletableFuture<LabellingService> early;

    public static void main(String... args) {
        if (!Boolean.getBoolean("etiqueta.noWarmUp")) {
            CompletableFuture<LabellingService> service = new CompletableFuture<>();
            Thread warm = new Thread(() -> {
                try {
                    LabellingService started = LabellingService.start(FunctionConfig.settings(ServeMain::setting));
                    started.prime(); // loads the champion and labels one image; never fails
                    service.complete(started);
                } catch (Throwable e) {
                    service.completeExceptionally(e); // ServiceProducer starts the service itself and reports
                }
            }, "etiqueta-early-start");
            warm.setDaemon(true);
            early = service;
            warm.start();
        }
        Quarkus.run(args);
    }

    /**
     * The service started while Quarkus booted, when it was started with these settings (waiting for it to finish
     * loading); empty when there is none, it failed, or its settings differ (it is then closed).
     */
    static Optional<LabellingService> takeEarly(FunctionSettings settings) {
        CompletableFuture<LabellingService> pending = early;
        early = null;
        if (pending == null) return Optional.empty();
        try {
            LabellingService service = pending.get();
            if (service.settings().equals(settings)) return Optional.of(service);
            service.close();
        } catch (ExecutionException e) {
            // started again by the caller, which reports what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** A setting as Quarkus resolves it: system property, environment variable, then application.properties. */
    static Optional<String> setting(String key) {
        String value = System.getProperty(key);
        if (value == null) value = System.getenv(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        if (value == null) value = APPLICATION.getProperty(key);
        // an expression (etiqueta.store=${ETIQUETA_STORE:...}) is left to FunctionConfig's default, which is the same
        return Optional.ofNullable(value).filter(v -> !v.contains("${"));
    }

    private static final Properties APPLICATION = new Properties();

    static {
        try (InputStream in = ServeMain.class.getResourceAsStream("/application.properties")) {
            if (in != null) APPLICATION.load(in);
        } catch (IOException e) {
            // without it the early service's settings differ from Quarkus' and ServiceProducer starts its own
        }
    }
}
