package io.etiqueta.function.rest;

import io.etiqueta.function.BadInputs;
import io.etiqueta.function.TestBundles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = ChampionStoreResource.class, restrictToAnnotatedClass = true)
class LabelResourceTest {
    private static final Path CHROMIUM = io.etiqueta.testing.TestRequirements.CHROMIUM;
    private static final Path CHROMEDRIVER = io.etiqueta.testing.TestRequirements.CHROMEDRIVER;

    @TestHTTPResource("/") URL root;

    private static String b64(byte[] bytes) { return Base64.getEncoder().encodeToString(bytes); }

    @Test void labelsBase64Json() {
        given().contentType(ContentType.JSON).body(Map.of("image", b64(TestBundles.imageFile(0, "png")), "topK", 2))
                .when().post("/api/label")
                .then().statusCode(200)
                .body("labels", hasSize(2))
                .body("labels[0].label", equalTo("red"))
                .body("labels[0].confidence", allOf(greaterThan(0.5f), lessThanOrEqualTo(1.0f)))
                .body("model.version", equalTo("v1"))
                .body("model.modelId", equalTo("colours-v1"))
                .body("model.trainedOn", equalTo("colours"))
                .body("model.testAccuracy", equalTo(0.97f))
                .body("millis", greaterThan(0f));
    }

    @Test void labelsARawBodyAndAMultipartUploadInEveryFormat() {
        for (String format : List.of("jpg", "png", "gif", "bmp")) {
            given().contentType("image/" + format).body(TestBundles.imageFile(1, format)).queryParam("topK", 1)
                    .when().post("/api/label")
                    .then().statusCode(200).body("labels.label", contains("green"));
            given().multiPart("image", "x." + format, TestBundles.imageFile(2, format), "application/octet-stream").multiPart("topK", "1")
                    .when().post("/api/label")
                    .then().statusCode(200).body("labels.label", contains("blue")).body("model.version", equalTo("v1"));
        }
    }

    @Test void labelsAnS3ObjectAndABatch() {
        given().contentType(ContentType.JSON).body(Map.of("bucket", "photos", "key", "in/blue.gif", "topK", 1))
                .when().post("/api/label")
                .then().statusCode(200).body("labels.label", contains("blue"));
        given().contentType(ContentType.JSON).body(Map.of("images", List.of(
                        Map.of("image", b64(TestBundles.imageFile(0, "bmp"))),
                        Map.of("bucket", "photos", "key", "in/nothing.png"),
                        Map.of("bucket", "photos", "key", "in/blue.gif")), "topK", 1))
                .when().post("/api/label")
                .then().statusCode(200)
                .body("results", hasSize(3))
                .body("results[0].labels.label", contains("red"))
                .body("results[1].error.code", equalTo("OBJECT_NOT_FOUND"))
                .body("results[2].labels.label", contains("blue"))
                .body("model.version", equalTo("v1"));
    }

    @Test void aConfidenceFloorNothingPassesGivesAnEmptyList() {
        given().contentType("image/png").body(TestBundles.greyImage()).queryParam("minConfidence", 0.99)
                .when().post("/api/label")
                .then().statusCode(200).body("labels", empty()).body("model.version", equalTo("v1"));
    }

    @Test void everyBadInputGetsAClearErrorAndTheServiceStaysUp() {
        expectError(given().contentType("image/png").body(BadInputs.notAnImage()), 415, "NOT_AN_IMAGE", "not an image");
        expectError(given().contentType("image/webp").body(BadInputs.webp()), 415, "UNSUPPORTED_FORMAT", "WebP");
        expectError(given().contentType("image/jpeg").body(BadInputs.truncatedJpeg()), 422, "TRUNCATED", "truncated");
        expectError(given().contentType("image/png").body(BadInputs.truncatedPng()), 422, "TRUNCATED", "truncated");
        expectError(given().contentType("image/png").body(new byte[0]), 400, "EMPTY_INPUT", "empty");
        expectError(given().contentType(ContentType.JSON).body(""), 400, "EMPTY_INPUT", "empty");
        expectError(given().contentType("image/png").body(BadInputs.oversized()), 413, "PAYLOAD_TOO_LARGE", "6 MB");
        expectError(given().contentType(ContentType.JSON).body(Map.of("image", b64(BadInputs.oversizedAsBase64()))), 413, "PAYLOAD_TOO_LARGE", "too large");
        expectError(given().contentType("image/png").body(BadInputs.hugeDimensionsPng()), 413, "IMAGE_TOO_LARGE", "100000x100000");
        expectError(given().contentType(ContentType.JSON).body(Map.of("bucket", "photos", "key", "in/missing.jpg")), 404, "OBJECT_NOT_FOUND", "s3://photos/in/missing.jpg");
        expectError(given().contentType(ContentType.JSON).body(Map.of("bucket", "photos", "key", "../../etc/passwd")), 400, "INVALID_KEY", "invalid S3 key '../../etc/passwd'");
        expectError(given().contentType(ContentType.JSON).body("{not json"), 400, "BAD_REQUEST", "not a valid label request");
        expectError(given().contentType(ContentType.JSON).body(Map.of("image", "!!!")), 400, "BAD_REQUEST", "base64");
        expectError(given().contentType("image/png").body(TestBundles.imageFile(0, "png")).queryParam("topK", 0), 400, "BAD_REQUEST", "topK");
        expectError(given().contentType("text/plain").body("hello"), 415, "BAD_REQUEST", "content type");
        given().when().get("/api/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test void describesTheModelAndServesThePage() {
        given().when().get("/api/model").then().statusCode(200)
                .body("version", equalTo("v1")).body("labels", contains("red", "green", "blue")).body("input", equalTo("16x16 rgb"));
        given().when().get("/").then().statusCode(200).contentType(containsString("text/html")).body(containsString("id=\"file\""));
    }

    /** The upload page in real headless chromium: choose a file, press Label, see the labels and the version. */
    @Test void theUploadPageShowsTheLabelsOfAnUploadedImage() throws Exception {
        io.etiqueta.testing.TestRequirements.requireChromium();
        Path profile = Files.createTempDirectory("etiqueta-chromium");
        Path image = Files.createTempFile("red", ".png");
        Files.write(image, TestBundles.imageFile(0, "png"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile);
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(driverService, options);
        try {
            driver.get(root.toString());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"), "colours-v1"));
            driver.findElement(By.id("file")).sendKeys(image.toString());
            driver.findElement(By.id("topK")).clear();
            driver.findElement(By.id("topK")).sendKeys("3");
            driver.findElement(By.id("submit")).click();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#labels li"), 3));
            assertThat(driver.findElements(By.cssSelector("#labels li .name"))).extracting(e -> e.getText())
                    .as("most likely first").hasSize(3).first().isEqualTo("red");
            assertThat(driver.findElement(By.cssSelector("#labels li .confidence")).getText()).endsWith("%");
            assertThat(driver.findElement(By.id("model-version")).getText()).isEqualTo("v1");
            assertThat(driver.findElement(By.id("error")).getText()).isEmpty();
            Path shot = Path.of("target", "chromium", "upload-page.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            assertThat(shot).isNotEmptyFile();
        } finally {
            driver.quit();
            driverService.stop();
        }
    }

    /** Runs last: the others expect v1. */
    @Test @Order(Integer.MAX_VALUE) void picksUpANewPromotionWithoutARestart() throws Exception {
        byte[] image = TestBundles.imageFile(0, "png");
        given().contentType("image/png").body(image).when().post("/api/label").then().statusCode(200).body("model.version", equalTo("v1"));
        TestBundles.promote(ChampionStoreResource.root.resolve("store"), TestBundles.coloursAgain("colours-v2"), "t2", 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String version;
        do {
            Thread.sleep(100);
            version = given().contentType("image/png").body(image).when().post("/api/label").then().statusCode(200)
                    .extract().path("model.version");
        } while (!version.equals("v2") && System.nanoTime() < deadline);
        given().contentType("image/png").body(image).queryParam("topK", 1).when().post("/api/label").then().statusCode(200)
                .body("model.version", equalTo("v2")).body("model.modelId", equalTo("colours-v2")).body("labels.label", contains("red"));
        given().when().get("/api/model").then().statusCode(200).body("version", equalTo("v2")).body("sequence", equalTo(2));
    }

    private static void expectError(io.restassured.specification.RequestSpecification request, int status, String code, String message) {
        request.when().post("/api/label")
                .then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("message", containsStringIgnoringCase(message));
    }
}
