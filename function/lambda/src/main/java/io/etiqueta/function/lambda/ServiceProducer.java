package io.etiqueta.function.lambda;

import io.etiqueta.function.FunctionConfig;
import io.etiqueta.function.LabellingService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The one labelling service of the function; the champion is loaded during Lambda's init phase. */
@ApplicationScoped
public class ServiceProducer {
    private static final String JAVACPP_CACHE = "org.bytedeco.javacpp.cachedir";

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

    void load(@Observes StartupEvent event, LabellingService service) { service.health(); }
}
