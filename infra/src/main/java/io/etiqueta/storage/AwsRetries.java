package io.etiqueta.storage;

import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

import java.time.Duration;

/** The retry policy every AWS client of etiqueta uses (S3 store, Batch executor), so they back off alike. */
public final class AwsRetries {
    private AwsRetries() {}

    /**
     * The SDK's standard retries with exponential backoff (throttling waits five times longer) and without its
     * circuit breaker: the breaker's token bucket, drained by an outage, would refuse every retry afterwards, so
     * one stale pooled connection would fail a healthy call.
     */
    public static RetryStrategy standard(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .circuitBreakerEnabled(false)
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxDelay))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(baseDelay.multipliedBy(5), maxDelay))
                .build();
    }
}
