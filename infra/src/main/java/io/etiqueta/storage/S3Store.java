package io.etiqueta.storage;

import io.etiqueta.errors.Failures;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store in an S3 bucket (or an S3-compatible server) under a key prefix, on the AWS SDK for Java v2 with the
 * JDK's HTTP client (url-connection-client: no netty or Apache in the Lambda package). Configuration follows AWS conventions (see {@link S3Settings}).
 *
 * <p>Objects up to {@link #MULTIPART_THRESHOLD} go up in one PUT; larger ones stream through a multipart upload
 * that is aborted on any failure, so a failed upload never leaves an object under the key. The SDK retries
 * throttling, 5xx and I/O faults with exponential backoff and jitter. Conditional writes ({@code If-None-Match: *}
 * and {@code If-Match: <etag>}) are retried here instead, because a retry of a write that did land would see the
 * precondition fail on its own object: see {@link #conditionalPut}.
 */
final class S3Store implements Store {
    static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    static final int PART_SIZE = 8 * 1024 * 1024;
    /** User metadata (x-amz-meta-etiqueta-write) that tells a conditional write's own object from another's. */
    static final String WRITE_TOKEN = "etiqueta-write";

    private final String location;
    private final S3Location where;
    private final S3Settings settings;
    private final SdkHttpClient http;
    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private final S3Client s3;
    /** Sends conditional writes exactly once per call; {@link #conditionalPut} decides about retries. */
    private final S3Client s3Once;

    S3Store(String location, S3Settings settings) {
        this.location = location;
        this.where = S3Location.parse(location);
        this.settings = settings;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.socketTimeout())
                .build();
        this.s3 = client(AwsRetries.standard(settings.maxAttempts(), settings.baseDelay(), settings.maxDelay()));
        this.s3Once = client(AwsRetries.standard(1, settings.baseDelay(), settings.maxDelay()));
    }


    private S3Client client(RetryStrategy retries) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(http)
                .region(settings.region())
                .credentialsProvider(credentials)
                .forcePathStyle(where.pathStyle().orElse(settings.pathStyle()))
                .overrideConfiguration(o -> o.retryStrategy(retries));
        settings.endpoint().ifPresent(builder::endpointOverride);
        if (settings.plainBodies()) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    @Override public String location() { return location; }

    private String objectKey(String key) { return where.objectKey(Keys.check(location, key)); }

    /**
     * The Content-Type a browser needs to open a stored file from S3 (a report's index.html would otherwise be served
     * as application/octet-stream and downloaded); null leaves the SDK's default.
     */
    static String contentType(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".html")) return "text/html; charset=utf-8";
        if (k.endsWith(".csv")) return "text/csv; charset=utf-8";
        if (k.endsWith(".json")) return "application/json";
        if (k.endsWith(".png")) return "image/png";
        return null;
    }

    // ---------------------------------------------------------------- writes

    @Override public void put(String key, byte[] content) {
        String objectKey = objectKey(key);
        call(key, "write", () -> s3.putObject(b -> b.bucket(where.bucket()).key(objectKey).contentType(contentType(key)), RequestBody.fromBytes(content)));
    }

    @Override public void put(String key, Path file) {
        String objectKey = objectKey(key);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new StoreException(location, key, "no such file to store: " + file, e);
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot read the file to store " + file + ": " + e, e);
        }
        if (size <= MULTIPART_THRESHOLD) {
            call(key, "write", () -> s3.putObject(b -> b.bucket(where.bucket()).key(objectKey).contentType(contentType(key)), RequestBody.fromFile(file)));
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            multipartUpload(key, objectKey, in, size);
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot read the file to store " + file + ": " + e, e);
        }
    }

    @Override public void put(String key, InputStream content, long length) {
        String objectKey = objectKey(key);
        if (length < 0) throw new StoreException(location, key, "negative length " + length);
        if (length <= MULTIPART_THRESHOLD) {
            byte[] bytes = readExactly(key, content, (int) length);
            refuseExtraBytes(key, content, length);
            call(key, "write", () -> s3.putObject(b -> b.bucket(where.bucket()).key(objectKey).contentType(contentType(key)), RequestBody.fromBytes(bytes)));
            return;
        }
        multipartUpload(key, objectKey, content, length);
    }

    /**
     * Streams the content in {@link #PART_SIZE} parts (one part in memory at a time, so each part can be retried).
     * Any failure aborts the upload: S3 then discards the parts, and the key keeps its old object or stays absent.
     */
    private void multipartUpload(String key, String objectKey, InputStream content, long length) {
        String uploadId = call(key, "start a multipart upload", () ->
                s3.createMultipartUpload(b -> b.bucket(where.bucket()).key(objectKey).contentType(contentType(key))).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long remaining = length;
            int partNumber = 1;
            while (remaining > 0) {
                int size = (int) Math.min(PART_SIZE, remaining);
                byte[] part = readExactly(key, content, size);
                int number = partNumber;
                String etag = call(key, "upload part " + number, () -> s3.uploadPart(
                        b -> b.bucket(where.bucket()).key(objectKey).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(part)).eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                remaining -= size;
                partNumber++;
            }
            refuseExtraBytes(key, content, length);
            call(key, "complete the multipart upload", () -> s3.completeMultipartUpload(
                    b -> b.bucket(where.bucket()).key(objectKey).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        } catch (RuntimeException | Error e) {
            abort(objectKey, uploadId, e);
            if (e instanceof StoreException se) throw se;
            throw new StoreException(location, key, "upload failed and was aborted: " + e, e);
        }
    }

    private void abort(String objectKey, String uploadId, Throwable failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(where.bucket()).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            // the upload never completed, so no object appears; a bucket lifecycle rule reaps the parts
            failure.addSuppressed(e);
        }
    }

    private void refuseExtraBytes(String key, InputStream content, long length) {
        try {
            if (content.read() >= 0) {
                throw new StoreException(location, key, "the stream gave more than the " + length + " bytes announced");
            }
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot read the content to store: " + e, e);
        }
    }

    private byte[] readExactly(String key, InputStream content, int size) {
        try {
            byte[] bytes = content.readNBytes(size);
            if (bytes.length != size) {
                throw new StoreException(location, key, "the stream ended " + (size - bytes.length) + " bytes early");
            }
            return bytes;
        } catch (IOException e) {
            throw new StoreException(location, key, "cannot read the content to store: " + e, e);
        }
    }

    @Override public void delete(String key) {
        String objectKey = objectKey(key);
        call(key, "delete", () -> s3.deleteObject(b -> b.bucket(where.bucket()).key(objectKey)));
    }

    @Override public boolean createIfAbsent(String key, byte[] content) {
        String objectKey = objectKey(key);
        return conditionalPut(key, content, PutObjectRequest.builder().bucket(where.bucket()).key(objectKey).ifNoneMatch("*"));
    }

    @Override public boolean replace(String key, byte[] content, String expectedVersion) {
        String objectKey = objectKey(key);
        if (expectedVersion == null || expectedVersion.isBlank()) return false;
        return conditionalPut(key, content, PutObjectRequest.builder().bucket(where.bucket()).key(objectKey).ifMatch(expectedVersion));
    }

    /**
     * Sends a conditional PUT, retrying faults with backoff; 412 means the condition failed: false. The subtle case
     * is a retry after a fault that may have landed an earlier attempt (an I/O error, a 500): that attempt's own
     * write now fails the condition. So every conditional write carries a unique token in its metadata
     * ({@value #WRITE_TOKEN}), and a 412 after such a fault is a success exactly when the object carries our token.
     * Throttling (429, 503) and S3's 409 ConditionalRequestConflict mean the attempt did not land. A server may also
     * answer (412, a 500) before reading the body and close the connection, or close a pooled connection between
     * requests, which the JDK HTTP client can only report as an I/O error; so after a broken connection the object
     * itself is looked at ({@link #conditionalOutcome}), and broken connections have their own budget of
     * {@code maxAttempts}, apart from the attempts S3 answered. Undecidable, and reported as lost: a write that
     * landed, whose answer was lost, and that another writer replaced before the retry could look.
     */
    private boolean conditionalPut(String key, byte[] content, PutObjectRequest.Builder request) {
        String token = UUID.randomUUID().toString();
        PutObjectRequest put = request.metadata(Map.of(WRITE_TOKEN, token)).build();
        boolean mayHaveLanded = false;
        S3Exception lastAnswer = null;
        int answered = 0;
        int broken = 0;
        while (true) {
            try {
                s3Once.putObject(put, RequestBody.fromBytes(content));
                return true;
            } catch (S3Exception e) {
                int status = e.statusCode();
                if (status == 412 || (status == 404 && put.ifMatch() != null && !isNoSuchBucket(e))) {
                    return mayHaveLanded && token.equals(writeToken(key, put.key()));
                }
                lastAnswer = e;
                answered++;
                boolean retryable = status == 409 || status == 429 || status >= 500;
                if (!retryable || answered >= settings.maxAttempts()) throw failure(key, "write", e);
                if (status != 409 && status != 429 && status != 503) mayHaveLanded = true;
            } catch (SdkClientException e) {
                Optional<Boolean> outcome = conditionalOutcome(key, put, token);
                if (outcome.isPresent()) return outcome.get();
                broken++;
                if (broken >= settings.maxAttempts()) {
                    if (lastAnswer == null) throw failure(key, "write", e);
                    lastAnswer.addSuppressed(e);
                    throw failure(key, "write", lastAnswer, "; the last attempt broke off: " + rootMessage(e));
                }
                mayHaveLanded = true;
            }
            sleepBeforeRetry(key, answered + broken);
        }
    }

    /**
     * After a conditional write broke off: true when our write landed (the object carries our token), false when
     * the condition now fails for someone else's object (the key exists, or no longer has the expected etag), empty
     * when the object is as before our attempt, so that retrying is safe.
     */
    private Optional<Boolean> conditionalOutcome(String key, PutObjectRequest put, String token) {
        Optional<HeadObjectResponse> now = head(key, put.key());
        if (now.isPresent() && token.equals(now.get().metadata().get(WRITE_TOKEN))) return Optional.of(true);
        if (put.ifNoneMatch() != null) return now.isPresent() ? Optional.of(false) : Optional.empty();
        return now.isPresent() && put.ifMatch().equals(now.get().eTag()) ? Optional.empty() : Optional.of(false);
    }

    private Optional<HeadObjectResponse> head(String key, String objectKey) {
        return call(key, "look up", () -> {
            try {
                return Optional.of(s3.headObject(b -> b.bucket(where.bucket()).key(objectKey)));
            } catch (NoSuchKeyException e) {
                return Optional.<HeadObjectResponse>empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && !isNoSuchBucket(e)) return Optional.<HeadObjectResponse>empty();
                throw e;
            }
        });
    }

    /** The write token of the object now under the key, or null. */
    private String writeToken(String key, String objectKey) {
        return head(key, objectKey).map(h -> h.metadata().get(WRITE_TOKEN)).orElse(null);
    }

    private void sleepBeforeRetry(String key, int attempt) {
        long cap = Math.min(settings.maxDelay().toMillis(), settings.baseDelay().toMillis() << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(location, key, "interrupted while retrying", e);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override public Optional<byte[]> get(String key) {
        String objectKey = objectKey(key);
        return call(key, "read", () -> {
            try {
                return Optional.of(s3.getObjectAsBytes(b -> b.bucket(where.bucket()).key(objectKey)).asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.<byte[]>empty();
            }
        });
    }

    @Override public Optional<Versioned> getVersioned(String key) {
        String objectKey = objectKey(key);
        return call(key, "read", () -> {
            try {
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(where.bucket()).key(objectKey));
                return Optional.of(new Versioned(bytes.asByteArray(), bytes.response().eTag()));
            } catch (NoSuchKeyException e) {
                return Optional.<Versioned>empty();
            }
        });
    }

    @Override public Optional<InputStream> open(String key) {
        String objectKey = objectKey(key);
        return call(key, "read", () -> {
            try {
                InputStream in = s3.getObject(b -> b.bucket(where.bucket()).key(objectKey));
                return Optional.<InputStream>of(new FilterInputStream(in) {
                    @Override public int read(byte[] b, int off, int len) throws IOException {
                        try {
                            return super.read(b, off, len);
                        } catch (IOException e) {
                            throw new IOException("store " + location + ", key " + key + ": reading broke off: " + e, e);
                        }
                    }
                });
            } catch (NoSuchKeyException e) {
                return Optional.<InputStream>empty();
            }
        });
    }

    @Override public boolean exists(String key) {
        String objectKey = objectKey(key);
        return call(key, "look up", () -> {
            try {
                s3.headObject(b -> b.bucket(where.bucket()).key(objectKey));
                return true;
            } catch (NoSuchKeyException e) {
                return false;
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && !isNoSuchBucket(e)) return false;
                throw e;
            }
        });
    }

    @Override public List<String> list(String prefix) {
        Keys.checkPrefix(location, prefix);
        String objectPrefix = where.prefix() + prefix;
        return call(prefix, "list", () -> s3.listObjectsV2Paginator(b -> b.bucket(where.bucket()).prefix(objectPrefix))
                .contents().stream()
                .map(S3Object::key)
                .map(where::storeKey)
                .filter(k -> !k.isEmpty() && !k.endsWith("/"))
                .sorted()
                .toList());
    }

    @Override public void close() {
        s3.close();
        s3Once.close();
        http.close();
        credentials.close();
    }

    // ---------------------------------------------------------------- errors

    private interface S3Call<T> {
        T run();
    }

    private <T> T call(String key, String action, S3Call<T> body) {
        try {
            return body.run();
        } catch (SdkException e) {
            throw failure(key, action, e);
        }
    }

    private StoreException failure(String key, String action, SdkException e) {
        return failure(key, action, e, "");
    }

    private StoreException failure(String key, String action, SdkException e, String note) {
        String problem;
        if (e instanceof S3Exception s3e) {
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            String message = s3e.awsErrorDetails() == null ? s3e.getMessage() : s3e.awsErrorDetails().errorMessage();
            if (isNoSuchBucket(s3e)) {
                problem = "bucket " + where.bucket() + " does not exist" + endpointNote();
            } else if (s3e.statusCode() == 403) {
                problem = "access denied (" + code + ": " + message + "); check the AWS credentials and the bucket policy";
            } else {
                problem = "S3 answered " + s3e.statusCode() + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
            }
        } else {
            problem = earlierAnswer(e).map(answer -> answer + "; the last attempt broke off: " + rootMessage(e))
                    .orElseGet(() -> diagnose(e));
        }
        return new StoreException(location, key, "cannot " + action + ": " + problem + note, e);
    }

    private static final Pattern ATTEMPT_ANSWER = Pattern.compile(
            "Request attempt (\\d+) failure: (.*?) \\(Service: [^,]*, Status Code: (\\d{3})");

    /**
     * What S3 answered on an earlier attempt, when the last one broke off at the connection: the SDK keeps each
     * earlier attempt's failure as a suppressed exception, and S3's answer (a 500, a 403) is the real problem,
     * while a connection the server closed after answering is only how the last attempt ended.
     */
    static Optional<String> earlierAnswer(SdkException e) {
        String answer = null;
        for (Throwable attempt : e.getSuppressed()) {
            Matcher m = ATTEMPT_ANSWER.matcher(String.valueOf(attempt.getMessage()));
            if (m.find()) answer = "S3 answered " + m.group(3) + ": " + m.group(2).trim() + " (attempt " + m.group(1) + ")";
        }
        return Optional.ofNullable(answer);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return Failures.describe(root);
    }

    /**
     * After an I/O failure, asks S3 once about the bucket: a server may answer a PUT early (wrong credentials, no such
     * bucket) and close the connection before reading the body, which the client can only report as an I/O error.
     */
    private String diagnose(SdkException e) {
        try {
            s3Once.headBucket(b -> b.bucket(where.bucket()));
            return "S3" + endpointNote() + " is reachable but the request failed: " + Failures.describe(e);
        } catch (S3Exception probe) {
            if (probe.statusCode() == 404) return "bucket " + where.bucket() + " does not exist" + endpointNote();
            if (probe.statusCode() == 403) {
                return "access denied to bucket " + where.bucket() + "; check the AWS credentials and the bucket policy";
            }
            return "S3 answered " + probe.statusCode() + " about the bucket after the request failed: " + Failures.describe(e);
        } catch (SdkException probe) {
            if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
                return "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, "
                        + "or run with an IAM role): " + Failures.describe(e);
            }
            return "cannot reach S3" + endpointNote() + ": " + Failures.describe(e);
        }
    }

    private String endpointNote() {
        return settings.endpoint().map(uri -> " at " + uri).orElse("");
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    // ---------------------------------------------------------------- configuration

    /**
     * How to reach S3, read the AWS way: each setting from a system property, else an environment variable.
     *
     * @param endpoint  {@code aws.endpointUrlS3} / {@code AWS_ENDPOINT_URL_S3}, else {@code aws.endpointUrl} /
     *                  {@code AWS_ENDPOINT_URL}; empty means AWS itself (or a profile's endpoint_url)
     * @param region    the SDK's default region chain ({@code aws.region}, {@code AWS_REGION}, profile, instance
     *                  metadata), else us-east-1 so that local S3-compatible servers work without configuration
     * @param pathStyle {@code etiqueta.s3.pathStyle} / {@code ETIQUETA_S3_PATH_STYLE}; the store string's
     *                  {@code ?path-style=} wins over it
     */
    record S3Settings(Optional<URI> endpoint, Region region, boolean pathStyle, int maxAttempts,
                      Duration baseDelay, Duration maxDelay, Duration connectTimeout, Duration socketTimeout,
                      boolean plainBodies) {

        S3Settings(Optional<URI> endpoint, Region region, boolean pathStyle, int maxAttempts,
                   Duration baseDelay, Duration maxDelay, Duration connectTimeout, Duration socketTimeout) {
            this(endpoint, region, pathStyle, maxAttempts, baseDelay, maxDelay, connectTimeout, socketTimeout,
                    endpoint.isPresent() && setting("aws.requestChecksumCalculation", "AWS_REQUEST_CHECKSUM_CALCULATION", null) == null);
        }

        static S3Settings fromEnvironment() {
            Optional<URI> endpoint = AwsSettings.endpoint("aws.endpointUrlS3", "AWS_ENDPOINT_URL_S3");
            return new S3Settings(endpoint, AwsSettings.region(endpoint.isPresent()).orElse(Region.US_EAST_1),
                    Boolean.parseBoolean(setting("etiqueta.s3.pathStyle", "ETIQUETA_S3_PATH_STYLE", "false").toLowerCase(Locale.ROOT)),
                    Integer.parseInt(setting("aws.maxAttempts", "AWS_MAX_ATTEMPTS", "5")),
                    Duration.ofMillis(Long.parseLong(setting("etiqueta.s3.retryBaseDelayMillis", "ETIQUETA_S3_RETRY_BASE_DELAY_MILLIS", "100"))),
                    Duration.ofSeconds(5),
                    Duration.ofMillis(Long.parseLong(setting("etiqueta.s3.connectTimeoutMillis", "ETIQUETA_S3_CONNECT_TIMEOUT_MILLIS", "5000"))),
                    Duration.ofMillis(Long.parseLong(setting("etiqueta.s3.socketTimeoutMillis", "ETIQUETA_S3_SOCKET_TIMEOUT_MILLIS", "60000"))));
        }

        private static String setting(String property, String variable, String fallback) {
            return AwsSettings.setting(property, variable, fallback);
        }
    }
}
