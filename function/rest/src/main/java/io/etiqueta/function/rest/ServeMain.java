package io.etiqueta.function.rest;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The REST app's entry point: before Quarkus boots, a daemon thread loads what every label needs and the HTTP server
 * does not (ND4J's native libraries and backend, the image decoders), so that this work overlaps with Quarkus' start
 * instead of following it. The champion itself is loaded when the service is made (see {@link ServiceProducer});
 * by then the natives are loaded or loading. A failure here is left to that load to report.
 */
@QuarkusMain
public class ServeMain {
    public static void main(String... args) {
        if (Boolean.getBoolean("etiqueta.noWarmUp")) { // for measuring what the overlap gains (function/bench)
            Quarkus.run(args);
            return;
        }
        Thread warm = new Thread(ServeMain::warmUp, "etiqueta-warm-up");
        warm.setDaemon(true);
        warm.start();
        Quarkus.run(args);
    }

    static void warmUp() {
        try {
            org.nd4j.linalg.factory.Nd4j.create(1);
            javax.imageio.ImageIO.getImageReadersByFormatName("jpeg").hasNext();
        } catch (Throwable e) {
            // the service's own load reports a broken native setup, with its message, on /api/health
        }
    }
}
