package io.etiqueta.report;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How long a report takes to generate and to draw in headless chromium, by number of trials. Not part of the
 * test suite: a program; bench/report.sh runs it.
 */
public final class ReportBenchmark {
    public static void main(String[] args) throws IOException {
        ReportBrowserTest.startChromium();
        try {
            System.out.println("trials  generate ms  index.html KiB  trials.csv KiB  draw ms (navigation start to every chart drawn)");
            Reports.generator().generate(ReportFixtures.search("warm-up", 1, 8)); // class loading, ECharts read once
            for (int trials : new int[] {10, 100, 500}) {
                ReportInput input = ReportFixtures.search("bench-" + trials, 1, trials);
                long t0 = System.nanoTime();
                Report report = Reports.generator().generate(input);
                double generateMs = (System.nanoTime() - t0) / 1e6;
                Path index = report.writeTo(Files.createTempDirectory("etiqueta-report-bench")).toAbsolutePath();
                ReportBrowserTest.driver.get(index.toUri().toString());
                new WebDriverWait(ReportBrowserTest.driver, Duration.ofSeconds(120)).until(d ->
                        Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !!(window.etiqueta && window.etiqueta.ready)")));
                double drawMs = ((Number) ReportBrowserTest.driver.executeScript("return window.etiqueta.drawMillis")).doubleValue();
                System.out.printf(Locale.ROOT, "%6d %12.0f %15d %15d %8.0f%n", trials, generateMs, report.file(Report.INDEX).length / 1024,
                        report.file(Report.TRIALS_CSV).length / 1024, drawMs);
            }
        } finally {
            ReportBrowserTest.stopChromium();
        }
    }
}
