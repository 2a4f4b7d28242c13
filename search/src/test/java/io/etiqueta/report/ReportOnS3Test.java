package io.etiqueta.report;

import io.etiqueta.storage.S3TestServer;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report written to S3 (a real S3-compatible server in-process) opens straight from there: served as HTML, and
 * drawn in chromium from a presigned URL with no request but to itself and data: URLs.
 */
class ReportOnS3Test {
    static S3TestServer s3;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3TestServer.start().useAsDefault();
        ReportBrowserTest.startChromium();
    }

    @AfterAll
    static void stop() throws IOException {
        ReportBrowserTest.stopChromium();
        if (s3 != null) s3.close();
    }

    @Test
    void aReportInS3OpensFromThere() throws Exception {
        String location = s3.location("team/etiqueta");
        PublishedReport published;
        try (Store store = Stores.open(location)) {
            StoredSearchReportTest.storeSearch(store, "demo-s3", 5, 8, "random");
            published = Reports.publish(store, "demo-s3", List.of(), null, Reports.DEFAULT_LEADING_TRIALS);
        }
        assertThat(published.storeAddress()).isEqualTo("s3://" + s3.bucket() + "/team/etiqueta/reports/demo-s3/index.html");

        URI url;
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(s3.endpoint()).region(Region.of(S3TestServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            url = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket(s3.bucket()).key("team/etiqueta/" + StoreLayout.reportPrefix("demo-s3") + Report.INDEX)))
                    .url().toURI();
        }
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

        ReportBrowserTest.Page page = ReportBrowserTest.open(url.toString(), "window.etiqueta && window.etiqueta.ready");
        ReportBrowserTest.assertCleanPage(page);
        assertThat(ReportBrowserTest.drawnPixels()).containsKeys("curves-accuracy", "confusion", "progress")
                .allSatisfy((chart, drawn) -> assertThat(drawn).as(chart).isGreaterThan(2_000L));
    }
}
