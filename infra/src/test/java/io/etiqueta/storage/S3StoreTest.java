package io.etiqueta.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The store contract against a real S3-compatible server on 127.0.0.1, plus what only S3 can get wrong. */
class S3StoreTest extends StoreContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    static S3TestServer server;
    String prefix;

    @BeforeAll static void startServer() { server = S3TestServer.start().useAsDefault(); }

    @AfterAll static void stopServer() { if (server != null) server.close(); }

    @Override boolean conditionalOutcomesAreExact() { return false; }

    @Override Store newStore() {
        prefix = "run-" + PREFIXES.incrementAndGet();
        return Stores.open(server.location(prefix));
    }

    /** The SDK straight, to see what the store left in the bucket. */
    static S3Client rawClient(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .build();
    }

    static S3Store.S3Settings quickSettings(URI endpoint) {
        return new S3Store.S3Settings(Optional.of(endpoint), Region.US_EAST_1, true, 3,
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    @Test void keysLiveUnderThePrefixWithTheirNames() {
        store.put("searches/s1/trials/t1/trial.json", bytes("{}"));
        try (S3Client raw = rawClient(server.endpoint())) {
            assertThat(raw.listObjectsV2(b -> b.bucket(server.bucket()).prefix(prefix + "/")).contents())
                    .extracting(o -> o.key()).containsExactly(prefix + "/searches/s1/trials/t1/trial.json");
        }
    }

    @Test void aBrokenMultipartUploadIsAbortedNotLeftBehind() {
        InputStream breaking = new InputStream() {
            long given;
            @Override public int read() { return 0; }
            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (given >= 18L * 1024 * 1024) throw new IOException("network cable pulled");
                int n = (int) Math.min(len, 18L * 1024 * 1024 - given);
                given += n;
                return n;
            }
        };
        assertThatThrownBy(() -> store.put("trials/t1/bundle.etq", breaking, 64L * 1024 * 1024))
                .isInstanceOf(StoreException.class).hasMessageContaining("trials/t1/bundle.etq");
        try (S3Client raw = rawClient(server.endpoint())) {
            assertThat(raw.listMultipartUploads(b -> b.bucket(server.bucket()).prefix(prefix + "/")).uploads()).isEmpty();
            assertThat(raw.listObjectsV2(b -> b.bucket(server.bucket()).prefix(prefix + "/")).contents()).isEmpty();
        }
    }

    @Test void anUnreachableServerIsAClearErrorNamingStoreAndKey() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        String location = "s3://" + S3TestServer.BUCKET + "/x";
        try (Store unreachable = new S3Store(location, quickSettings(nowhere))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> unreachable.get("trials/t1/trial.json"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(location).hasMessageContaining("trials/t1/trial.json")
                    .hasMessageContaining("cannot reach S3 at " + nowhere);
            assertThatThrownBy(() -> unreachable.createIfAbsent("claims/t1", bytes("me")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("claims/t1");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test void aServerThatGoesAwayMidwayIsAClearError() {
        S3TestServer doomed = S3TestServer.start();
        String location = "s3://" + S3TestServer.BUCKET + "/doomed";
        try (Store s = new S3Store(location, quickSettings(doomed.endpoint()))) {
            s.put("trials/t1/trial.json", bytes("{}"));
            assertThat(s.exists("trials/t1/trial.json")).isTrue();
            doomed.stop();
            assertThatThrownBy(() -> s.put("trials/t2/trial.json", bytes("{}")))
                    .isInstanceOf(StoreException.class).hasMessageContaining(location).hasMessageContaining("trials/t2/trial.json");
            assertThatThrownBy(() -> s.list("trials/"))
                    .isInstanceOf(StoreException.class).hasMessageContaining(location);
        } finally {
            doomed.close();
        }
    }

    @Test void aMissingBucketIsNamed() {
        try (Store s = Stores.open("s3://no-such-bucket-here/p?path-style=true")) {
            assertThatThrownBy(() -> s.put("k", bytes("x")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("bucket no-such-bucket-here does not exist");
            // a body the server refuses before reading it must still give the server's answer
            assertThatThrownBy(() -> s.put("k", random(3_000_000, 5)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("bucket no-such-bucket-here does not exist");
            assertThatThrownBy(() -> s.createIfAbsent("k", random(3_000_000, 5)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("bucket no-such-bucket-here does not exist");
        }
    }

    @Test void wrongCredentialsAreNamedAsSuch() {
        String saved = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.secretAccessKey", "wrong");
        try (Store s = Stores.open(server.location("creds"))) {
            assertThatThrownBy(() -> s.get("k")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("access denied").hasMessageContaining("creds");
            assertThatThrownBy(() -> s.put("k", random(3_000_000, 5))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("access denied");
        } finally {
            System.setProperty("aws.secretAccessKey", saved);
        }
    }

    @Test void theStoreStringNamesBucketPrefixAndPathStyle() {
        assertThat(S3Location.parse("s3://bucket")).isEqualTo(new S3Location("bucket", "", Optional.empty()));
        assertThat(S3Location.parse("s3://bucket/")).isEqualTo(new S3Location("bucket", "", Optional.empty()));
        assertThat(S3Location.parse("s3://my.bucket/team/runs/?path-style=true"))
                .isEqualTo(new S3Location("my.bucket", "team/runs/", Optional.of(true)));
        assertThat(S3Location.parse("s3://b-1/p?path-style=false").pathStyle()).contains(false);
        assertThatThrownBy(() -> S3Location.parse("s3://Bucket/p")).hasMessageContaining("invalid bucket name");
        assertThatThrownBy(() -> S3Location.parse("s3:///p")).hasMessageContaining("invalid bucket name");
        assertThatThrownBy(() -> S3Location.parse("s3://b-1/p?region=eu")).hasMessageContaining("unknown option 'region'");
        assertThatThrownBy(() -> S3Location.parse("s3://b-1/a/../b")).hasMessageContaining("invalid prefix");
    }

    @Test void bytesWrittenThroughAStreamOfUnknownSourceRoundTrip() throws Exception {
        byte[] content = random(5000, 3);
        store.put("s/small", new ByteArrayInputStream(content), content.length);
        assertThat(store.get("s/small")).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    }

    @Test void aPlainStoreStringWorksWithTheSettingsFromTheEnvironment() {
        // what the CLI gets from --store or ETIQUETA_STORE: path-style comes from etiqueta.s3.pathStyle here
        String location = "s3://" + S3TestServer.BUCKET + "/plain/runs";
        try (Store plain = Stores.open(location)) {
            assertThat(plain.location()).isEqualTo(location);
            plain.put(StoreLayout.trialRecord(null, "t1"), bytes("{}"));
            assertThat(plain.list("trials/")).containsExactly("trials/t1/trial.json");
        }
        try (Store same = Stores.open(location + "/")) {
            assertThat(same.exists("trials/t1/trial.json")).isTrue();
        }
    }

    @Test void transientServerErrorsAreRetried() {
        server.failNext(2);
        store.put("trials/t1/trial.json", bytes("{}"));
        assertThat(server.pendingFaults()).isZero();
        server.failNext(2);
        assertThat(store.get("trials/t1/trial.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("{}")));
        assertThat(server.pendingFaults()).isZero();
        server.failNext(2);
        assertThat(store.createIfAbsent("claims/t1", bytes("me"))).isTrue();
        assertThat(server.pendingFaults()).isZero();
        assertThat(store.createIfAbsent("claims/t1", bytes("me"))).isFalse();
    }

    @Test void aConditionalWriteWhoseAnswerWasLostIsNotMistakenForALostRace() {
        server.loseNextWriteAnswers(1);
        assertThat(store.createIfAbsent("claims/t1", bytes("me"))).isTrue();
        assertThat(server.pendingFaults()).isZero();
        assertThat(store.createIfAbsent("claims/t1", bytes("me"))).isFalse();

        String version = store.getVersioned("claims/t1").orElseThrow().version();
        server.loseNextWriteAnswers(1);
        assertThat(store.replace("claims/t1", bytes("me again"), version)).isTrue();
        assertThat(server.pendingFaults()).isZero();
        assertThat(store.get("claims/t1")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("me again")));
        // the same bytes written by someone else are still someone else's write
        String current = store.getVersioned("claims/t1").orElseThrow().version();
        assertThat(store.replace("claims/t1", bytes("me again"), version)).isFalse();
        assertThat(store.getVersioned("claims/t1").orElseThrow().version()).isEqualTo(current);
    }

    @Test void persistentServerErrorsEndInAClearError() {
        try (Store s = new S3Store(server.location(prefix), quickSettings(server.endpoint()))) {
            server.failNext(100);
            assertThatThrownBy(() -> s.put("trials/t1/trial.json", bytes("{}")))
                    .isInstanceOf(StoreException.class).hasMessageContaining(prefix).hasMessageContaining("trials/t1/trial.json")
                    .hasMessageContaining("S3 answered 500");
            assertThatThrownBy(() -> s.createIfAbsent("claims/t1", bytes("me")))
                    .isInstanceOf(StoreException.class).hasMessageContaining(prefix).hasMessageContaining("claims/t1")
                    .hasMessageContaining("S3 answered 500");
        } finally {
            server.failNext(0);
        }
        assertThat(store.exists("trials/t1/trial.json")).isFalse();
    }

    /**
     * The race behind a once-flaky test: after answering 500 the server may close the connection, and the JDK client
     * then fails the next attempt on that pooled connection with "Error writing request body to server". The error
     * must still be S3's answer, every time, and a healthy write right after an outage must not fail.
     */
    @Test void serverErrorsAreNamedEvenWhenTheLastAttemptFindsTheConnectionClosed() {
        try (Store s = new S3Store(server.location(prefix), quickSettings(server.endpoint()))) {
            for (int round = 0; round < 30; round++) {
                String key = "round/" + round;
                server.failNext(100);
                assertThatThrownBy(() -> s.put(key, bytes("{}"))).hasMessageContaining(key).hasMessageContaining("S3 answered 500");
                assertThatThrownBy(() -> s.createIfAbsent(key, bytes("{}"))).hasMessageContaining(key).hasMessageContaining("S3 answered 500");
                server.failNext(0);
                s.put(key, bytes("ok"));
                assertThat(s.createIfAbsent(key, bytes("again"))).isFalse();
            }
        } finally {
            server.failNext(0);
        }
    }

    @Test void anEarlierAttemptsAnswerIsFoundBehindABrokenConnection() {
        var last = software.amazon.awssdk.core.exception.SdkClientException.create(
                "Unable to execute HTTP request: Error writing request body to server (SDK Attempt Count: 3)");
        last.addSuppressed(software.amazon.awssdk.core.exception.SdkClientException.create(
                "Request attempt 1 failure: An internal error occurred. Try again. (Service: S3, Status Code: 500, Request ID: F3FB)"));
        last.addSuppressed(software.amazon.awssdk.core.exception.SdkClientException.create(
                "Request attempt 2 failure: Slow Down (Service: S3, Status Code: 503, Request ID: 84EA)"));
        assertThat(S3Store.earlierAnswer(last)).contains("S3 answered 503: Slow Down (attempt 2)");
        assertThat(S3Store.earlierAnswer(software.amazon.awssdk.core.exception.SdkClientException.create("refused"))).isEmpty();
    }

    @Test void listingPagesThroughMoreThanAThousandKeys() throws Exception {
        race(i -> {
            for (int n = i; n < 1100; n += RACERS) store.put(String.format("many/%04d", n), new byte[0]);
            return true;
        });
        assertThat(store.list("many/")).hasSize(1100).first().isEqualTo("many/0000");
        assertThat(store.list("many/")).last().isEqualTo("many/1099");
    }
}
