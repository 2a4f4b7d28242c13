package io.etiqueta.function.lambda;

import io.etiqueta.function.BadInputs;
import io.etiqueta.function.TestBundles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * The Funqy function in the real Lambda event loop: Quarkus starts its mock Lambda event server, the function
 * polls it for invocations as on AWS, and RestAssured posts events to it. Ordered: the store starts unreachable,
 * then v1 is promoted, then v2.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = StoreResource.class, restrictToAnnotatedClass = true)
class LabelFunctionTest {

    private static String b64(byte[] bytes) { return Base64.getEncoder().encodeToString(bytes); }

    private static ValidatableResponse invoke(Object event) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event)
                .when().post()
                .then().statusCode(200);
    }

    @Test @Order(1) void anUnreachableStoreIsAClearErrorAndTheFunctionRecoversWhenItReturns() throws Exception {
        invoke(Map.of("image", b64(TestBundles.imageFile(0, "png"))))
                .body("error.status", equalTo(503)).body("error.code", equalTo("STORE_UNAVAILABLE"))
                .body("error.message", containsString("cannot be reached"));
        // the store comes back, still empty: "no model promoted"
        Files.delete(StoreResource.store);
        Files.createDirectories(StoreResource.store);
        awaitError("NO_MODEL");
        invoke(Map.of("image", b64(TestBundles.imageFile(0, "png"))))
                .body("error.status", equalTo(503)).body("error.message", containsString("no model promoted"));
        TestBundles.promote(StoreResource.store, TestBundles.colours(), "t1", 1);
        awaitVersion("v1");
    }

    @Test @Order(2) void labelsBase64S3AndBatchesAndNamesTheModel() {
        invoke(Map.of("image", b64(TestBundles.imageFile(0, "png")), "topK", 2))
                .body("error", nullValue())
                .body("labels", hasSize(2))
                .body("labels[0].label", equalTo("red"))
                .body("labels[0].confidence", allOf(greaterThan(0.5f), lessThanOrEqualTo(1f)))
                .body("model.version", equalTo("v1"))
                .body("model.modelId", equalTo("colours-v1"))
                .body("model.trainedOn", equalTo("colours"))
                .body("model.testAccuracy", equalTo(0.97f))
                .body("millis", greaterThan(0f));
        invoke(Map.of("bucket", "photos", "key", "green.jpg", "topK", 1)).body("labels.label", contains("green"));
        invoke(Map.of("images", List.of(Map.of("image", b64(TestBundles.imageFile(2, "gif"))), Map.of("image", b64(BadInputs.webp()))), "topK", 1))
                .body("results[0].labels.label", contains("blue"))
                .body("results[1].error.code", equalTo("UNSUPPORTED_FORMAT"))
                .body("model.version", equalTo("v1"));
        invoke(Map.of("image", b64(TestBundles.greyImage()), "minConfidence", 0.99)).body("labels", empty()).body("model.version", equalTo("v1"));
    }

    @Test @Order(3) void everyBadInputIsAClearErrorAndTheFunctionKeepsServing() {
        expect(Map.of("image", b64(BadInputs.notAnImage())), 415, "NOT_AN_IMAGE", "not an image");
        expect(Map.of("image", b64(BadInputs.webp())), 415, "UNSUPPORTED_FORMAT", "WebP");
        expect(Map.of("image", b64(BadInputs.truncatedJpeg())), 422, "TRUNCATED", "truncated");
        expect(Map.of("image", ""), 400, "EMPTY_INPUT", "empty");
        expect(Map.of(), 400, "EMPTY_INPUT", "no image given");
        expect(Map.of("image", b64(BadInputs.oversizedAsBase64())), 413, "PAYLOAD_TOO_LARGE", "6 MB");
        expect(Map.of("image", b64(BadInputs.hugeDimensionsPng())), 413, "IMAGE_TOO_LARGE", "100000x100000");
        expect(Map.of("bucket", "photos", "key", "missing.png"), 404, "OBJECT_NOT_FOUND", "s3://photos/missing.png");
        expect(Map.of("bucket", "photos", "key", "../../etc/passwd"), 400, "INVALID_KEY", "invalid S3 key '../../etc/passwd'");
        expect(Map.of("bucket", "Photos_Bucket", "key", "green.jpg"), 400, "INVALID_KEY", "invalid S3 bucket name 'Photos_Bucket'");
        expect(Map.of("image", "@@@"), 400, "BAD_REQUEST", "base64");
        expect(Map.of("image", b64(TestBundles.imageFile(0, "png")), "topK", 0), 400, "BAD_REQUEST", "topK");
        expect(Map.of("image", b64(TestBundles.imageFile(0, "png")), "topK", "three"), 400, "BAD_REQUEST", "not a valid label request");
        invoke(Map.of("image", b64(TestBundles.imageFile(0, "png")), "topK", 1)).body("labels.label", contains("red"));
    }

    @Test @Order(4) void answersTheFunctionUrlsHttpEnvelopeAsTheRestApiWould() {
        JsonPath json = http("POST", "/api/label", "application/json", "{\"image\": \"" + b64(TestBundles.imageFile(0, "png")) + "\", \"topK\": 2}", false, Map.of(), 200);
        assertThat(json.getList("labels")).hasSize(2);
        assertThat(json.getString("labels[0].label")).isEqualTo("red");
        assertThat(json.getString("model.version")).isEqualTo("v1");
        // the raw image, base64-encoded by the function URL as every binary body is, options in the query
        json = http("POST", "/api/label", "image/jpeg", b64(TestBundles.imageFile(1, "jpg")), true, Map.of("topK", "1"), 200);
        assertThat(json.getList("labels.label")).containsExactly("green");
        json = http("POST", "/", "application/octet-stream", b64(TestBundles.imageFile(2, "png")), true, Map.of("topK", "1", "minConfidence", "0.2"), 200);
        assertThat(json.getList("labels.label")).containsExactly("blue");
        json = http("POST", "/api/label", "application/json", "{\"bucket\": \"photos\", \"key\": \"green.jpg\", \"topK\": 1}", false, Map.of(), 200);
        assertThat(json.getList("labels.label")).containsExactly("green");

        // errors: the HTTP status, and the REST API's error body
        assertError(http("POST", "/api/label", "image/png", b64(BadInputs.notAnImage()), true, Map.of(), 415), 415, "NOT_AN_IMAGE");
        assertError(http("POST", "/api/label", "image/png", b64(BadInputs.truncatedJpeg()), true, Map.of(), 422), 422, "TRUNCATED");
        assertError(http("POST", "/api/label", "application/json", "{\"image\": ", false, Map.of(), 400), 400, "BAD_REQUEST");
        assertError(http("POST", "/api/label", "application/json", "", false, Map.of(), 400), 400, "EMPTY_INPUT");
        assertError(http("POST", "/api/label", "image/png", b64(TestBundles.imageFile(0, "png")), true, Map.of("topK", "many"), 400), 400, "BAD_REQUEST");
        assertError(http("POST", "/api/label", "application/json", "{\"bucket\": \"photos\", \"key\": \"missing.png\"}", false, Map.of(), 404), 404, "OBJECT_NOT_FOUND");
        assertError(http("POST", "/api/label", "application/json", "{\"bucket\": \"photos\", \"key\": \"../../etc/passwd\"}", false, Map.of(), 400), 400, "INVALID_KEY");
        JsonPath multipart = http("POST", "/api/label", "multipart/form-data; boundary=x", "--x--", false, Map.of(), 415);
        assertThat(multipart.getString("message")).contains("REST service");
        assertError(http("GET", "/api/label", null, null, false, Map.of(), 405), 405, "METHOD_NOT_ALLOWED");
        assertError(http("GET", "/elsewhere", null, null, false, Map.of(), 404), 404, "NOT_FOUND");

        // the model and health, as GET /api/model and /api/health answer them
        assertThat(http("GET", "/api/model", null, null, false, Map.of(), 200).getString("version")).isEqualTo("v1");
        JsonPath health = http("GET", "/api/health", null, null, false, Map.of(), 200);
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("model.modelId")).isEqualTo("colours-v1");
    }

    @Test @Order(5) void picksUpANewPromotionWithoutARestart() throws Exception {
        TestBundles.promote(StoreResource.store, TestBundles.coloursAgain("colours-v2"), "t2", 2);
        awaitVersion("v2");
        invoke(Map.of("image", b64(TestBundles.imageFile(0, "png")), "topK", 1))
                .body("model.version", equalTo("v2")).body("model.modelId", equalTo("colours-v2")).body("labels.label", contains("red"));
    }

    /** Sends what a function URL sends (payload format 2.0) and returns the body of the HTTP answer it describes. */
    private static JsonPath http(String method, String path, String contentType, String body, boolean base64,
                                 Map<String, String> query, int expectedStatus) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("host", "abcdefgh.lambda-url.eu-west-1.on.aws");
        headers.put("x-amzn-trace-id", "Root=1-00000000-000000000000000000000000");
        if (contentType != null) headers.put("content-type", contentType);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&")));
        event.put("headers", headers);
        if (!query.isEmpty()) event.put("queryStringParameters", query);
        event.put("requestContext", Map.of("accountId", "123456789012", "apiId", "abcdefgh", "domainName", "abcdefgh.lambda-url.eu-west-1.on.aws",
                "http", Map.of("method", method, "path", path, "protocol", "HTTP/1.1", "sourceIp", "192.0.2.1", "userAgent", "backend"),
                "requestId", "4f9a3b52", "routeKey", "$default", "stage", "$default", "timeEpoch", 1764748800000L));
        if (body != null) event.put("body", body);
        event.put("isBase64Encoded", base64);
        ValidatableResponse answer = invoke(event)
                .body("statusCode", equalTo(expectedStatus))
                .body("headers.content-type", equalTo("application/json"))
                .body("isBase64Encoded", equalTo(false));
        return JsonPath.from(answer.extract().<String>path("body"));
    }

    private static void assertError(JsonPath body, int status, String code) {
        assertThat(body.getInt("status")).isEqualTo(status);
        assertThat(body.getString("code")).isEqualTo(code);
        assertThat(body.getString("message")).isNotBlank();
    }

    private static void expect(Map<String, ?> event, int status, String code, String message) {
        invoke(event).body("labels", nullValue())
                .body("error.status", equalTo(status)).body("error.code", equalTo(code))
                .body("error.message", containsStringIgnoringCase(message));
    }

    private static void awaitVersion(String version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen;
        do {
            Thread.sleep(100);
            seen = given().contentType(ContentType.JSON).body(Map.of("image", b64(TestBundles.imageFile(0, "png"))))
                    .when().post().then().statusCode(200).extract().path("model.version");
        } while (!version.equals(seen) && System.nanoTime() < deadline);
        invoke(Map.of("image", b64(TestBundles.imageFile(0, "png")))).body("model.version", equalTo(version));
    }

    private static void awaitError(String code) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen;
        do {
            Thread.sleep(100);
            seen = given().contentType(ContentType.JSON).body(Map.of("image", b64(TestBundles.imageFile(0, "png"))))
                    .when().post().then().statusCode(200).extract().path("error.code");
        } while (!code.equals(seen) && System.nanoTime() < deadline);
    }
}
