package io.etiqueta.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FailuresTest {
    /** The case of the fresh-machine report: the JDK HTTP client's refused connection has no message. */
    @Test void aRefusedConnectionIsNamedNotNull() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Throwable refused = null;
        try (HttpClient client = HttpClient.newHttpClient()) {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/x")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            refused = e;
        }
        assertThat(refused).isNotNull();
        assertThat(Failures.describe(refused)).isEqualTo("connection refused").doesNotContain("null");
    }

    @Test void messagesAreKeptAndMissingOnesDescribed() {
        assertThat(Failures.describe(new IOException("disk full"))).isEqualTo("disk full");
        assertThat(Failures.describe(new ConnectException())).isEqualTo("connection refused");
        assertThat(Failures.describe(new RuntimeException(new ConnectException()))).isEqualTo("connection refused");
        assertThat(Failures.describe(new IllegalStateException((String) null))).isEqualTo("illegal state");
        assertThat(Failures.describe(new NullPointerException())).isEqualTo("null pointer");
        assertThat(Failures.describe(new InterruptedException())).isEqualTo("interrupted");
        assertThat(Failures.describe(null)).isEqualTo("unknown failure");
    }

    @Test void fileProblemsNameTheFile() {
        Path missing = Path.of("/no/such/place/x.gz");
        Throwable e = null;
        try {
            Files.readAllBytes(missing);
        } catch (IOException ex) {
            e = ex;
        }
        assertThat(e).isInstanceOf(NoSuchFileException.class);
        assertThat(Failures.describe(e)).isEqualTo("no such file " + missing);
    }
}
