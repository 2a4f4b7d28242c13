package io.etiqueta.storage;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

import java.net.URI;
import java.util.Optional;

/**
 * How every AWS client of etiqueta (the S3 store, the Batch client) reads its settings, the AWS way: a system
 * property, else an environment variable; the service's endpoint override; the region.
 */
public final class AwsSettings {
    private AwsSettings() {}

    /** The system property, else the environment variable, trimmed; {@code fallback} when neither is set. */
    public static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /**
     * The endpoint configured for a service (for example {@code aws.endpointUrlS3} / {@code AWS_ENDPOINT_URL_S3}),
     * else the one for every service ({@code AWS_ENDPOINT_URL}); none when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS}.
     */
    public static Optional<URI> endpoint(String serviceProperty, String serviceVariable) {
        if (Boolean.parseBoolean(setting("aws.ignoreConfiguredEndpointUrls", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"))) return Optional.empty();
        String url = setting(serviceProperty, serviceVariable, null);
        if (url == null) url = setting("aws.endpointUrl", "AWS_ENDPOINT_URL", null);
        return Optional.ofNullable(url).map(URI::create);
    }

    /**
     * The SDK's region chain; empty when it finds none. With an endpoint override (an S3-compatible server, a
     * local service) the chain stops before asking EC2 instance metadata, which would only add a timeout off AWS.
     */
    public static Optional<Region> region(boolean endpointOverride) {
        try {
            AwsRegionProvider chain = endpointOverride
                    ? new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                    : DefaultAwsRegionProviderChain.builder().build();
            return Optional.of(chain.getRegion());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }
}
