package io.etiqueta.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class FashionMnistTest {
    @TempDir Path tmp;

    @Test void findsTheDebianPackage() {
        assertThat(FashionMnist.locate()).isEqualTo(FashionMnist.DEBIAN_DIR);
    }

    /** A real HTTP server hands out the real files, as the official location would. */
    @Test void downloadsIntoTheCacheWhenNotInstalledThenReusesIt() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            Path file = FashionMnist.DEBIAN_DIR.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Path cache = tmp.resolve("cache/fashion-mnist");
            FashionMnist locator = new FashionMnist(tmp.resolve("not-installed"), cache, base, Duration.ofSeconds(2));
            assertThat(locator.find()).isEqualTo(cache);
            assertThat(requests.get()).isEqualTo(4);
            assertThat(DatasetLoader.load(cache, LoadOptions.defaults()).classes()).isEqualTo(IdxReader.FASHION_CLASSES);
            assertThat(locator.find()).isEqualTo(cache);
            assertThat(requests.get()).isEqualTo(4);
        } finally {
            server.stop(0);
        }
    }

    @Test void unreachableAndNotInstalledSaysHowToGetIt() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        FashionMnist locator = new FashionMnist(tmp.resolve("not-installed"), tmp.resolve("cache/fm"),
                URI.create("http://127.0.0.1:" + closedPort + "/"), Duration.ofSeconds(2));
        Throwable t = catchThrowable(locator::find);
        assertThat(t).isInstanceOf(DatasetException.class);
        assertThat(t.getMessage()).contains("apt-get install dataset-fashion-mnist").contains("train-images-idx3-ubyte.gz")
                .contains("pass that folder");
        assertThat(tmp.resolve("cache/fm")).doesNotExist();
    }
}
