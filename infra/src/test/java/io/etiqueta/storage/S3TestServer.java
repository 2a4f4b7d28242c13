package io.etiqueta.storage;

import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A real S3-compatible server (S3Proxy 4.1.0 with its in-memory backend) on 127.0.0.1 and a free port, for tests of
 * any module (infra's test-jar carries it). It checks AWS v4 signatures, so the SDK talks to it exactly as to AWS.
 *
 * <p>One repair: S3Proxy evaluates {@code If-None-Match: *} atomically in this backend, but emulates
 * {@code If-Match: <etag>} by reading the object's metadata and then writing, so two writers holding the same etag
 * can both win. AWS S3 (and MinIO) evaluate If-Match atomically, and the champion pointer relies on it. So the
 * backend is wrapped ({@link Backend}) to make the emulated check and the write one step, as S3 does.
 *
 * <p>Faults for retry tests: {@link #failNext(int)} answers the next reads and writes with 500 InternalError,
 * {@link #loseNextWriteAnswers(int)} performs the next writes but answers 500, as when a response is lost.
 *
 * <pre>{@code
 * try (S3TestServer s3 = S3TestServer.start()) {
 *     s3.useAsDefault();                              // system properties the S3 store (in this JVM) reads
 *     Store store = Stores.open(s3.location("runs")); // "s3://etiqueta-test/runs"
 *     ...                                             // or pass s3.environment() to a child process
 * }                                                   // stops the server, restores the system properties
 * }</pre>
 */
public final class S3TestServer implements AutoCloseable {
    public static final String BUCKET = "etiqueta-test";
    public static final String ACCESS_KEY = "etiqueta-access";
    public static final String SECRET_KEY = "etiqueta-secret-key";
    public static final String REGION = "us-east-1";

    private S3Proxy proxy;
    private final Backend blobStore;
    private final URI endpoint;
    private final Map<String, String> savedProperties = new HashMap<>();
    private boolean running;

    private S3TestServer(S3Proxy proxy, Backend blobStore, URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
        this.running = true;
    }

    /** Starts a server holding one empty bucket, {@value #BUCKET}. */
    public static S3TestServer start() {
        try {
            Backend blobStore = new Backend(BlobStores.create("transient", new Properties()));
            S3Proxy proxy = serve(blobStore, 0);
            S3TestServer server = new S3TestServer(proxy, blobStore, URI.create("http://127.0.0.1:" + proxy.getPort()));
            server.createBucket(BUCKET);
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process S3 server: " + e, e);
        }
    }

    private static S3Proxy serve(Backend blobStore, int port) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .jettyMaxThreads(24)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            Thread.sleep(10);
        }
        return proxy;
    }

    /**
     * Starts a stopped server again on the same port with the objects it held (an outage that ends): clients
     * configured with {@link #endpoint()} reach it again without being told anything.
     */
    public synchronized void restart() {
        if (running) return;
        try {
            proxy = serve(blobStore, endpoint.getPort());
            running = true;
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart the in-process S3 server on port " + endpoint.getPort() + ": " + e, e);
        }
    }

    /** Creates another bucket on this server. */
    public void createBucket(String bucket) {
        blobStore.createContainer(bucket);
    }

    /** Answers the next {@code count} object reads and writes with 500 InternalError, doing nothing. */
    public void failNext(int count) { blobStore.failures.set(count); }

    /** Performs the next {@code count} object writes but answers them with 500 InternalError. */
    public void loseNextWriteAnswers(int count) { blobStore.lostAnswers.set(count); }

    /** Faults asked for by {@link #failNext} and {@link #loseNextWriteAnswers} that have not happened yet. */
    public int pendingFaults() { return blobStore.failures.get() + blobStore.lostAnswers.get(); }

    public URI endpoint() { return endpoint; }

    public String bucket() { return BUCKET; }

    /** The store string for a prefix in the test bucket: {@code s3://etiqueta-test/<prefix>?path-style=true}. */
    public String location(String prefix) {
        String clean = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return S3Location.SCHEME + BUCKET + (clean.isEmpty() ? "" : "/" + clean) + "?path-style=true";
    }

    /** The environment variables that point a child process (the CLI, a Lambda runtime) at this server. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_S3", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("AWS_REGION", REGION);
        env.put("ETIQUETA_S3_PATH_STYLE", "true");
        return env;
    }

    /** The same settings as system properties, which the S3 store reads first. */
    public Map<String, String> systemProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("aws.endpointUrlS3", endpoint.toString());
        props.put("aws.accessKeyId", ACCESS_KEY);
        props.put("aws.secretAccessKey", SECRET_KEY);
        props.put("aws.region", REGION);
        props.put("etiqueta.s3.pathStyle", "true");
        return props;
    }

    /**
     * Sets {@link #systemProperties()} in this JVM, so that any {@code Stores.open("s3://...")} reaches this server
     * (a Quarkus test can pass them as config instead). {@link #close()} restores the previous values.
     */
    public S3TestServer useAsDefault() {
        systemProperties().forEach((name, value) -> {
            savedProperties.putIfAbsent(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        return this;
    }

    /** Stops the server (for fault tests); the endpoint then refuses connections. */
    public synchronized void stop() {
        if (!running) return;
        running = false;
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the in-process S3 server: " + e, e);
        }
    }

    @Override public void close() {
        stop();
        savedProperties.forEach((name, value) -> {
            if (value == null) System.clearProperty(name);
            else System.setProperty(name, value);
        });
        savedProperties.clear();
    }

    /**
     * Injects faults, and makes S3Proxy's If-Match emulation atomic. For a PUT with If-Match, S3Proxy's handler calls
     * {@code blobMetadataIfPresent(bucket, key)} to compare etags and then {@code putBlob} on the same thread. This
     * wrapper remembers what that check saw and, holding a lock for the key, verifies in {@code putBlob} that the
     * object is still the one the check saw; if another writer got in between, the PUT fails with 412 as on S3.
     * What the check saw is forgotten after a second, so a check whose PUT never came (a 412 already) cannot
     * affect a later write on that thread.
     */
    private static final class Backend extends ForwardingBlobStore {
        private static final long FRESH_NANOS = 1_000_000_000L;
        private record Seen(String bucket, String key, String etag, long at) {}

        private final ThreadLocal<Seen> seen = new ThreadLocal<>();
        private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger lostAnswers = new AtomicInteger();

        Backend(BlobStore delegate) { super(delegate); }

        private void maybeFail() {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new S3ProxyException(S3ErrorCode.INTERNAL_ERROR);
        }

        @Override public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            maybeFail();
            return super.getBlob(request);
        }

        @Override public HeadObjectResponse blobMetadataIfPresent(String bucket, String key) {
            HeadObjectResponse metadata = delegate().blobMetadataIfPresent(bucket, key);
            seen.set(new Seen(bucket, key, metadata == null ? null : metadata.eTag(), System.nanoTime()));
            return metadata;
        }

        @Override public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
            if (failures.get() > 0) {
                // read the body first, as S3 does, so the client sees the 500 rather than a closed connection
                try {
                    content.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException e) {
                    throw new S3ProxyException(S3ErrorCode.INCOMPLETE_BODY, e);
                }
            }
            maybeFail();
            PutObjectResponse response = atomicPut(request, content);
            if (lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new S3ProxyException(S3ErrorCode.INTERNAL_ERROR);
            return response;
        }

        private PutObjectResponse atomicPut(PutObjectRequest request, InputStream content) {
            Seen check = seen.get();
            seen.remove();
            Object lock = locks.computeIfAbsent(request.bucket() + "/" + request.key(), k -> new Object());
            synchronized (lock) {
                if (check != null && check.bucket().equals(request.bucket()) && check.key().equals(request.key())
                        && System.nanoTime() - check.at() < FRESH_NANOS) {
                    HeadObjectResponse now = delegate().blobMetadataIfPresent(request.bucket(), request.key());
                    if (!Objects.equals(check.etag(), now == null ? null : now.eTag())) {
                        throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
                    }
                }
                return delegate().putBlob(request, content);
            }
        }
    }
}
