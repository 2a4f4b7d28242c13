package io.etiqueta.report;

import io.etiqueta.errors.Failures;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated report: {@value #INDEX} (self-contained HTML) and the data behind it ({@value #TRIALS_CSV},
 * {@value #TRIALS_JSON}, {@value #CLASSES_CSV}, {@value #SUMMARY_JSON}, and {@value #COMPARE_CSV} when searches
 * are compared), by file name.
 */
public record Report(String id, Map<String, byte[]> files) {
    public static final String INDEX = "index.html";
    public static final String TRIALS_CSV = "trials.csv";
    public static final String TRIALS_JSON = "trials.json";
    public static final String CLASSES_CSV = "classes.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String COMPARE_CSV = "compare.csv";

    public Report {
        if (id == null || id.isBlank() || id.contains("/") || id.contains("..")) throw new IllegalArgumentException("bad report id '" + id + "'");
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    public byte[] file(String name) {
        byte[] content = files.get(name);
        if (content == null) throw new IllegalArgumentException("report " + id + " has no file " + name + " (it has " + files.keySet() + ")");
        return content;
    }

    /** Writes every file under {@code reports/<id>/} in the store; returns the key of {@value #INDEX}. */
    public String saveTo(Store store) {
        String prefix = StoreLayout.reportPrefix(id);
        // index.html last: whoever sees it can rely on the data files being there
        List<String> names = new ArrayList<>(files.keySet());
        names.remove(INDEX);
        names.add(INDEX);
        for (String name : names) store.put(prefix + name, files.get(name));
        return prefix + INDEX;
    }

    /** Writes every file into the folder (created when missing); returns the path of {@value #INDEX}. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (var file : files.entrySet()) Files.write(dir.resolve(file.getKey()), file.getValue());
            return dir.resolve(INDEX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + id + " to " + dir + ": " + Failures.describe(e), e);
        }
    }
}
