package io.etiqueta.report;

import io.etiqueta.testing.TempFolders;
import com.fasterxml.jackson.databind.JsonNode;
import io.etiqueta.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens generated reports in real headless Debian chromium: the page must draw every chart, log no console
 * error and request nothing but file: and data: URLs. Screenshots land in target/report-screenshots/.
 */
class ReportBrowserTest {
    static final Path CHROMIUM = io.etiqueta.testing.TestRequirements.CHROMIUM;
    static final Path CHROMEDRIVER = io.etiqueta.testing.TestRequirements.CHROMEDRIVER;
    static final Path OUT = Path.of("target", "report-screenshots");

    /** Selenium warns that it has no CDP bindings for this chromium; nothing here uses them. */
    static final java.util.logging.Logger SELENIUM_DEVTOOLS = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static ChromeDriver driver;
    static Path profile;

    @BeforeAll
    static void startChromium() throws IOException {
        io.etiqueta.testing.TestRequirements.requireChromium();
        SELENIUM_DEVTOOLS.setLevel(Level.SEVERE);
        profile = Files.createTempDirectory("etiqueta-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.get("about:blank"); // leave the new-tab page, whose own requests would mix with the report's
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (driver != null) driver.quit();
        TempFolders.delete(profile);
    }

    /** Loads the page, waits for the script to finish, and returns what the browser logged meanwhile. */
    static Page open(Report report, String name) throws IOException {
        Path index = report.writeTo(OUT.resolve(name)).toAbsolutePath();
        return open(index, "window.etiqueta && window.etiqueta.ready");
    }

    static Page open(Path index, String readyWhen) { return open(index.toUri().toString(), readyWhen); }

    static Page open(String url, String readyWhen) {
        driver.manage().logs().get(LogType.BROWSER);      // drop what earlier pages logged
        driver.manage().logs().get(LogType.PERFORMANCE);
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.get(url);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !!(" + readyWhen + ")")));
        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        List<String> requests = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonNode message = Json.read(entry.getMessage(), JsonNode.class).path("message");
            // only what this page asked for: the browser's own pages (its new-tab page) log their requests here too
            if (message.path("method").asText().equals("Network.requestWillBeSent")
                    && message.path("params").path("documentURL").asText().equals(url)) {
                requests.add(message.path("params").path("request").path("url").asText());
            }
        }
        return new Page(url, console, requests);
    }

    record Page(String url, List<LogEntry> console, List<String> requests) {}

    /** Non-background pixels of every registered chart's canvas, by chart name. */
    @SuppressWarnings("unchecked")
    static Map<String, Long> drawnPixels() {
        return (Map<String, Long>) driver.executeScript("""
                var out = {};
                Object.keys(window.etiqueta.charts).forEach(function (name) {
                  var canvas = window.etiqueta.charts[name].getDom().querySelector('canvas');
                  if (!canvas || canvas.width === 0 || canvas.height === 0) { out[name] = 0; return; }
                  var d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, n = 0;
                  for (var i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++;
                  out[name] = n;
                });
                return out;""");
    }

    /** Full-page screenshot: the window grows to the page's height first (charts follow on resize). */
    static Path screenshot(String name) throws IOException {
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 40, 16000)));
        driver.executeScript("window.dispatchEvent(new Event('resize'))");
        Path png = OUT.resolve(name + ".png");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        return png;
    }

    /** Every chart's series count and data points, so a chart of bare axes does not pass for drawn. */
    @SuppressWarnings("unchecked")
    static Map<String, Long> dataPoints() {
        return (Map<String, Long>) driver.executeScript("""
                var out = {};
                Object.keys(window.etiqueta.charts).forEach(function (name) {
                  out[name] = window.etiqueta.charts[name].getOption().series
                    .reduce(function (n, s) { return n + (s.data ? s.data.length : 0); }, 0);
                });
                return out;""");
    }

    static void assertCleanPage(Page page) {
        assertThat(page.console()).as("console messages at WARNING or above")
                .filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).isEmpty();
        // the page itself (from a disk or from S3), then data: URLs only
        assertThat(page.requests()).as("requests the page made").contains(page.url())
                .allSatisfy(url -> assertThat(url.equals(page.url()) || url.startsWith("data:")).as(url).isTrue());
        assertThat(driver.executeScript("return window.etiqueta.errors.length")).isEqualTo(0L);
    }

    @Test
    void searchReportDrawsEveryChartWithoutErrorsOrOutsideRequests() throws IOException {
        ReportInput input = ReportFixtures.search("s-browser", 42, 16);
        Page page = open(Reports.generator().generate(input), "search");

        assertCleanPage(page);
        Map<String, Long> pixels = drawnPixels();
        assertThat(pixels).containsKeys("curves-accuracy", "curves-loss", "confusion", "per-class-f1", "progress", "progress-time", "generations", "parallel",
                "param-optimizer", "param-learningRate", "param-activation");
        assertThat(pixels).allSatisfy((chart, drawn) -> assertThat(drawn).as(chart + " drawn pixels").isGreaterThan(2_000L));
        assertThat(dataPoints()).allSatisfy((chart, points) -> assertThat(points).as(chart + " data points").isGreaterThan(1L));
        assertThat(dataPoints().get("confusion")).isEqualTo(100L);

        // the leaderboard lists every trial, champion first, and sorts by a clicked column
        List<WebElement> rows = driver.findElements(By.cssSelector("#leaderboard tbody tr"));
        assertThat(rows).hasSize(16);
        assertThat(rows.getFirst().getAttribute("class")).isEqualTo("champion");
        WebElement valLoss = driver.findElements(By.cssSelector("#leaderboard th")).stream()
                .filter(th -> th.getText().equals("val_loss")).findFirst().orElseThrow();
        valLoss.click();
        List<Double> sorted = new ArrayList<>();
        int column = driver.findElements(By.cssSelector("#leaderboard th")).indexOf(valLoss);
        for (WebElement row : driver.findElements(By.cssSelector("#leaderboard tbody tr"))) {
            String cell = row.findElements(By.tagName("td")).get(column).getText();
            if (!cell.isEmpty()) sorted.add(Double.parseDouble(cell));
        }
        assertThat(sorted).hasSizeGreaterThan(10).isSorted();
        valLoss.click(); // back to descending, then restore the ranked order for the screenshot
        driver.findElements(By.cssSelector("#leaderboard th")).getFirst().click();

        // the gallery shows every stored image, decoded
        Long decoded = (Long) driver.executeScript(
                "return Array.from(document.querySelectorAll('#gallery img')).filter(i => i.complete && i.naturalWidth === 32).length");
        assertThat(decoded).isEqualTo((long) input.championExamples().misclassified().size() + input.championExamples().confidentlyCorrect().size());
        assertThat(driver.findElements(By.cssSelector("#champion tr.worst"))).hasSize(3);
        assertThat(driver.findElements(By.cssSelector("#champion tr.best"))).hasSize(3);

        Path png = screenshot("search");
        assertThat(Files.size(png)).isGreaterThan(50_000);
    }

    /** A report of a search still running: running trials' curves so far are drawn beside the leading ones, marked running. */
    @Test
    @SuppressWarnings("unchecked")
    void runningTrialsCurvesSoFarAreDrawnMarkedRunning() throws IOException {
        ReportInput input = ReportFixtures.search("s-running", 7, 8);
        List<io.etiqueta.trial.TrialRecord> trials = new ArrayList<>(input.trials());
        var last = trials.getLast();
        assertThat(last.epochs()).hasSizeGreaterThan(2);
        var running = last.withState(io.etiqueta.trial.TrialState.RUNNING, null, null, null).withEpochs(last.epochs().subList(0, 2));
        trials.set(trials.size() - 1, running);
        Page page = open(Reports.generator(3).generate(new ReportInput(input.search(), trials, input.championExamples())), "running");

        assertCleanPage(page);
        List<String> names = (List<String>) driver.executeScript(
                "return window.etiqueta.charts['curves-accuracy'].getOption().series.map(function (s) { return s.name; })");
        assertThat(names).as("3 leading trials and the running one, train and val each").hasSize(8)
                .contains("#" + running.number() + " running").filteredOn(n -> n.endsWith(" running")).hasSize(2);
        Long points = (Long) driver.executeScript("return window.etiqueta.charts['curves-accuracy'].getOption().series"
                + ".filter(function (s) { return / running$/.test(s.name); })[0].data.length");
        assertThat(points).as("its curve so far").isEqualTo(2L);
        assertThat(driver.findElement(By.id("curves")).getText()).contains("the 1 running trial(s)");
    }

    @Test
    void comparedSearchesAreDrawnSideBySide() throws IOException {
        ReportInput a = ReportFixtures.search("s-genetic", 5, 12), b = ReportFixtures.search("s-random", 6, 10);
        Page page = open(Reports.generator().generate(new ReportInput(a.search(), a.trials(), a.championExamples(),
                List.of(new ComparedSearch(b.search(), b.trials())))), "compare");

        assertCleanPage(page);
        assertThat(drawnPixels().get("compare-progress")).isGreaterThan(2_000L);
        assertThat((Long) driver.executeScript("return window.etiqueta.charts['compare-progress'].getOption().series.length")).isEqualTo(2L);
        assertThat(driver.findElements(By.cssSelector("#compare .side table"))).hasSize(2);
        assertThat(driver.findElement(By.id("compare")).getText()).contains("s-genetic", "s-random");
        driver.findElement(By.id("compare")).getLocation();
        driver.executeScript("document.getElementById('compare').scrollIntoView()");
        Path png = OUT.resolve("compare.png");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void hostileTextIsShownAsTextAndAnEmptySearchStillRenders() throws IOException {
        ReportInput input = ReportFixtures.search("s-empty", 1, 3);
        var failed = input.trials().getFirst().withState(io.etiqueta.trial.TrialState.FAILED,
                "</script><img src=https://example.com/x.png onerror=alert(1)>", "boom", input.trials().getFirst().finished());
        Page page = open(Reports.generator().generate(new ReportInput(input.search(), List.of(failed), null)), "empty");

        assertCleanPage(page);
        assertThat(driver.findElement(By.id("leaderboard")).getText()).contains("</script><img src=https://example.com/x.png");
        assertThat(driver.findElement(By.id("champion")).getText()).contains("No finished trial has test metrics.");
    }

    @Test
    void theChecksCatchAPageThatReachesOut() throws IOException {
        // proves the harness: a page without our policy that loads an image over http (loopback, nothing listens)
        Path page = OUT.resolve("reaching-out.html").toAbsolutePath();
        Files.writeString(page, "<!DOCTYPE html><html><body><img src='http://127.0.0.1:9/x.png'>"
                + "<script>window.done = true;</script></body></html>");
        Page opened = open(page, "window.done && document.readyState === 'complete'");
        assertThat(opened.requests()).anySatisfy(url -> assertThat(url).startsWith("http://127.0.0.1:9/"));
        assertThat(opened.console()).anySatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.SEVERE));
    }
}
