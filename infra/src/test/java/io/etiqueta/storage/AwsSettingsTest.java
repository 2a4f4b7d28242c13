package io.etiqueta.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings the S3 store and the Batch client both read, the AWS way. */
class AwsSettingsTest {
    private static final List<String> PROPERTIES = List.of("etiqueta.test.setting", "aws.endpointUrlTest", "aws.endpointUrl", "aws.ignoreConfiguredEndpointUrls");

    @AfterEach void clear() { PROPERTIES.forEach(System::clearProperty); }

    @Test void aPropertyIsReadTrimmedAndABlankOneFallsBack() {
        assertThat(AwsSettings.setting("etiqueta.test.setting", "ETIQUETA_TEST_SETTING_NOT_SET", "fallback")).isEqualTo("fallback");
        System.setProperty("etiqueta.test.setting", "  ");
        assertThat(AwsSettings.setting("etiqueta.test.setting", "ETIQUETA_TEST_SETTING_NOT_SET", "fallback")).isEqualTo("fallback");
        System.setProperty("etiqueta.test.setting", " 42 ");
        assertThat(AwsSettings.setting("etiqueta.test.setting", "ETIQUETA_TEST_SETTING_NOT_SET", "fallback")).isEqualTo("42");
    }

    @Test void theServiceEndpointComesFirstThenTheGeneralOneUnlessIgnored() {
        assertThat(AwsSettings.endpoint("aws.endpointUrlTest", "AWS_ENDPOINT_URL_TEST_NOT_SET")).isEmpty();
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:9000");
        assertThat(AwsSettings.endpoint("aws.endpointUrlTest", "AWS_ENDPOINT_URL_TEST_NOT_SET")).contains(URI.create("http://127.0.0.1:9000"));
        System.setProperty("aws.endpointUrlTest", "http://127.0.0.1:9001");
        assertThat(AwsSettings.endpoint("aws.endpointUrlTest", "AWS_ENDPOINT_URL_TEST_NOT_SET")).contains(URI.create("http://127.0.0.1:9001"));
        System.setProperty("aws.ignoreConfiguredEndpointUrls", "true");
        assertThat(AwsSettings.endpoint("aws.endpointUrlTest", "AWS_ENDPOINT_URL_TEST_NOT_SET")).isEmpty();
    }
}
