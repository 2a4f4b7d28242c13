package io.etiqueta.cli;

import io.etiqueta.errors.Failures;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.image.ImageRejectedException;
import io.etiqueta.inference.Label;
import io.etiqueta.inference.LabelLimits;
import io.etiqueta.inference.Labeler;
import io.etiqueta.json.Json;
import picocli.CommandLine.*;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "label", sortOptions = false,
        description = {"Label images with a model bundle.",
                "Uses the preprocessing the bundle was trained with.",
                "Each image gets its most likely labels with confidences (0..1). An image that cannot be read is",
                "reported and skipped; the exit status is then 3."})
public final class LabelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin BundleArgument bundle;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG, GIF or BMP files.")
    List<Path> images;
    @Option(names = "--top", defaultValue = "3", description = "How many labels per image, at least 1 (the API's topK; default: ${DEFAULT-VALUE}).")
    int top;
    @Option(names = "--min-confidence", defaultValue = "0", description = "Leave out labels below this confidence, 0..1 (the API's minConfidence; default: ${DEFAULT-VALUE}).")
    double minConfidence;
    @Mixin StoreOption storeOption;
    @Option(names = "--json", description = "Print one JSON document: the model and, per image, its labels or its error.")
    boolean json;

    record ImageLabels(String image, List<Label> labels, String error) {}

    @Override public Integer call() {
        LabelLimits limits = new LabelLimits(top, minConfidence); // checked before the bundle is read, as the service checks them
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        ModelBundle model = bundle.load(storeOption);
        Labeler labeler = new Labeler(model);
        List<ImageLabels> results = new ArrayList<>();
        boolean anyFailed = false;
        for (Path image : images) {
            try {
                results.add(new ImageLabels(image.toString(), labeler.label(Files.readAllBytes(image), limits), null));
            } catch (NoSuchFileException e) {
                results.add(new ImageLabels(image.toString(), null, "no such file"));
                anyFailed = true;
            } catch (IOException | ImageRejectedException e) {
                results.add(new ImageLabels(image.toString(), null, Failures.describe(e)));
                anyFailed = true;
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", Map.of("id", model.manifest().modelId(), "labels", model.manifest().labels()));
            doc.put("results", results);
            out.println(Json.write(doc));
        } else {
            for (ImageLabels r : results) {
                if (r.error() != null) {
                    err.println("etiqueta: " + r.image() + ": " + r.error());
                    continue;
                }
                out.print(r.image() + ":");
                if (r.labels().isEmpty()) out.print(" (no label reaches " + minConfidence + ")");
                for (Label l : r.labels()) out.printf(Locale.ROOT, "  %s %.3f", l.label(), l.confidence());
                out.println();
            }
        }
        out.flush();
        err.flush();
        return anyFailed ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
