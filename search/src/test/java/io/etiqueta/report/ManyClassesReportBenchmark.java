package io.etiqueta.report;

import io.etiqueta.storage.Stores;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Size and generation time of the report of a 250-class search of small generated images (real trials of the
 * engine), and its drawing time in headless chromium. A program, not a test: the test run never runs it;
 * bench/report.sh does (through bench/java).
 */
public final class ManyClassesReportBenchmark {
    private ManyClassesReportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int classes = Integer.getInteger("bench.classes", 250), perClass = Integer.getInteger("bench.perClass", 10);
        Path dir = Files.createTempDirectory("etiqueta-many-classes");
        long s0 = System.nanoTime();
        ReportInput input = ManyClasses.search(Stores.open(dir.toString()), "s-" + classes, ManyClasses.dataset(classes, perClass, 16, 3), 4, 3);
        double searchSeconds = (System.nanoTime() - s0) / 1e9;
        Reports.generator().generate(input); // class loading, ECharts read once
        long t0 = System.nanoTime();
        Report report = Reports.generator().generate(input);
        double generateMs = (System.nanoTime() - t0) / 1e6;
        ReportBrowserTest.startChromium();
        try {
            Path index = report.writeTo(Files.createTempDirectory("etiqueta-report-bench")).toAbsolutePath();
            ReportBrowserTest.driver.get(index.toUri().toString());
            new WebDriverWait(ReportBrowserTest.driver, Duration.ofSeconds(120)).until(d ->
                    Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !!(window.etiqueta && window.etiqueta.ready)")));
            double drawMs = ((Number) ReportBrowserTest.driver.executeScript("return window.etiqueta.drawMillis")).doubleValue();
            System.out.printf(Locale.ROOT, "classes %d, %d test images, 4 trials (search %.0f s): generate %.0f ms, index.html %d KiB, "
                            + "classes.csv %d KiB, draw %.0f ms   load %.1f%n", classes, input.trials().getFirst().test().examples(), searchSeconds,
                    generateMs, report.file(Report.INDEX).length / 1024, report.file(Report.CLASSES_CSV).length / 1024, drawMs,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            ReportBrowserTest.stopChromium();
        }
    }
}
