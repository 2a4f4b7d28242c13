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
import java.util.ArrayList;
import java.util.List;
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
            List<String> notes = new ArrayList<>();
            FashionMnist locator = new FashionMnist(tmp.resolve("not-installed"), cache, base, Duration.ofSeconds(2), FashionMnistTest::noInstaller);
            assertThat(locator.find(notes::add)).isEqualTo(cache);
            assertThat(requests.get()).isEqualTo(4);
            assertThat(DatasetLoader.load(cache, LoadOptions.defaults()).classes()).isEqualTo(IdxReader.FASHION_CLASSES);
            assertThat(locator.find(notes::add)).isEqualTo(cache);
            assertThat(requests.get()).isEqualTo(4);
            assertThat(notes).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    static FashionMnist.Installer noInstaller() {
        throw new AssertionError("the installer must not be looked at while the dataset can be found or downloaded");
    }

    private URI nowhere() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
        }
    }

    @Test void unreachableAndNotInstallableSaysTheExactCommand() throws Exception {
        FashionMnist locator = new FashionMnist(tmp.resolve("not-installed"), tmp.resolve("cache/fm"), nowhere(), Duration.ofSeconds(2),
                () -> FashionMnist.Installer.none("installing needs root, and sudo asks for a password"));
        List<String> notes = new ArrayList<>();
        Throwable t = catchThrowable(() -> locator.find(notes::add));
        assertThat(t).isInstanceOf(DatasetException.class);
        assertThat(t.getMessage()).contains("(connection refused)").contains("installing needs root")
                .contains("'sudo apt-get install dataset-fashion-mnist'").contains("train-images-idx3-ubyte.gz")
                .contains("--dataset").doesNotContain("null");
        assertThat(notes).isEmpty();
        assertThat(tmp.resolve("cache/fm")).doesNotExist();
    }

    /** The installer is a real process; here a shell command that does what the Debian package does: put the files in place. */
    @Test void installsThePackageWhenTheDownloadFailsAndSaysSoInOneLine() throws Exception {
        Path packageDir = tmp.resolve("usr/share/datasets/fashion-mnist");
        String install = "mkdir -p '" + packageDir + "' && cp " + FILES_OF_THE_REAL_PACKAGE + " '" + packageDir + "'";
        FashionMnist locator = new FashionMnist(packageDir, tmp.resolve("cache/fm"), nowhere(), Duration.ofSeconds(2),
                () -> FashionMnist.Installer.shell(install));
        List<String> notes = new ArrayList<>();
        assertThat(locator.find(notes::add)).isEqualTo(packageDir);
        assertThat(notes).singleElement().asString().contains("installing the Debian package dataset-fashion-mnist: mkdir -p")
                .contains("connection refused").doesNotContain("\n").doesNotContain("null");
        assertThat(DatasetLoader.load(packageDir, LoadOptions.defaults()).classes()).isEqualTo(IdxReader.FASHION_CLASSES);
    }

    @Test void aFailedInstallationSaysWhyAndTheExactCommand() throws Exception {
        FashionMnist locator = new FashionMnist(tmp.resolve("not-installed"), tmp.resolve("cache/fm"), nowhere(), Duration.ofSeconds(2),
                () -> FashionMnist.Installer.shell("echo 'E: Unable to locate package dataset-fashion-mnist' >&2; exit 100"));
        Throwable t = catchThrowable(() -> locator.find(note -> { }));
        assertThat(t).isInstanceOf(DatasetException.class).hasMessageContaining("failed (exit status 100: E: Unable to locate package")
                .hasMessageContaining("'sudo apt-get install dataset-fashion-mnist'").hasMessageNotContaining("null");
    }

    private static final String FILES_OF_THE_REAL_PACKAGE = String.join(" ",
            FashionMnist.FILES.stream().map(f -> "'" + TestData.fashionMnistDir().resolve(f) + "'").toList());
}
