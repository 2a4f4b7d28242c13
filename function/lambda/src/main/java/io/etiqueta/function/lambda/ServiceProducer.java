package io.etiqueta.function.lambda;

import io.etiqueta.function.FunctionConfig;
import io.etiqueta.function.LabellingService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.crac.Core;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one labelling service of the function; the champion is loaded during Lambda's init phase, and with SnapStart
 * the service is primed before the snapshot and re-checks the champion after each restore ({@link SnapStartPriming}).
 */
@ApplicationScoped
public class ServiceProducer {
    private static final String JAVACPP_CACHE = "org.bytedeco.javacpp.cachedir";

    // CRaC holds registered resources weakly: this reference keeps the hooks alive as long as the application
    private SnapStartPriming priming;

    @Produces @Singleton
    LabellingService service() {
        Config config = ConfigProvider.getConfig();
        // JavaCPP reads this system property when DL4J first loads; an explicit -D wins
        config.getOptionalValue("etiqueta.natives-dir", String.class)
                .filter(dir -> System.getProperty(JAVACPP_CACHE) == null)
                .ifPresent(dir -> System.setProperty(JAVACPP_CACHE, dir));
        return LabellingService.start(FunctionConfig.settings(key -> config.getOptionalValue(key, String.class)));
    }

    void close(@Disposes LabellingService service) { service.close(); }

    void load(@Observes StartupEvent event, LabellingService service) {
        service.health();
        // a no-op on a JVM without CRaC (the container image, a developer's machine); Lambda's runtime calls the
        // hooks on a SnapStart-enabled published version
        priming = new SnapStartPriming(service);
        Core.getGlobalContext().register(priming);
    }
}
