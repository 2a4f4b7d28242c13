package io.etiqueta.report;

import io.etiqueta.storage.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 250-class search (the sketches case) gives a report that stays readable: the most-confused pairs instead of
 * a 62,500-cell heatmap, per-class accuracy sorted, the 10 best and 10 worst classes, the hardest test image of
 * every class, and the best model's layers as an inline SVG; it opens in headless chromium without errors.
 */
class ManyClassesReportTest {
    @TempDir static Path dir;

    @BeforeAll static void start() throws IOException { ReportBrowserTest.startChromium(); }

    @AfterAll static void stop() throws IOException { ReportBrowserTest.stopChromium(); }

    @Test void aReportOf250ClassesListsWhatAHeatmapCouldNotShowAndDrawsTheArchitecture() throws IOException {
        ReportInput input = ManyClasses.search(Stores.open(dir.toString()), "s-250", ManyClasses.dataset(250, 6, 8, 3), 2, 3);
        Report report = Reports.generator().generate(input);
        ReportBrowserTest.Page page = ReportBrowserTest.open(report, "many-classes");

        ReportBrowserTest.assertCleanPage(page);
        var driver = ReportBrowserTest.driver;
        assertThat(ReportBrowserTest.drawnPixels()).doesNotContainKey("confusion").containsKey("per-class-accuracy");
        assertThat(ReportBrowserTest.dataPoints().get("per-class-accuracy")).isEqualTo(250L);
        assertThat(driver.findElements(By.cssSelector("#confused-pairs tbody tr"))).hasSizeBetween(1, 20);
        assertThat(driver.findElements(By.cssSelector("#best-classes tbody tr"))).hasSize(10);
        assertThat(driver.findElements(By.cssSelector("#worst-classes tbody tr"))).hasSize(10);
        // the best classes are sorted best first and are better than the worst ones
        double firstBest = Double.parseDouble(driver.findElement(By.cssSelector("#best-classes tbody tr td:nth-child(2)")).getText());
        double firstWorst = Double.parseDouble(driver.findElement(By.cssSelector("#worst-classes tbody tr td:nth-child(2)")).getText());
        assertThat(firstBest).isGreaterThan(firstWorst);
        assertThat(driver.findElements(By.cssSelector("#gallery [data-gallery=hardest] figure"))).hasSize(250);
        // the architecture diagram: one box per layer of the best model, drawn in the page
        int layers = input.championArchitecture().layers().size();
        assertThat(driver.findElements(By.cssSelector("#architecture svg rect"))).hasSize(layers);
        assertThat(driver.findElement(By.id("architecture")).getText()).contains("parameters");
        ReportBrowserTest.screenshot("many-classes");
    }
}
