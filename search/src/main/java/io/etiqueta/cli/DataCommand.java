package io.etiqueta.cli;

import io.etiqueta.data.DatasetInspector;
import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.DatasetReport;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.json.Json;
import picocli.CommandLine.*;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "data", description = "Look at datasets before training on them.",
        subcommands = {DataCommand.Inspect.class})
public final class DataCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    @Command(name = "inspect", sortOptions = false,
            description = {"Show a dataset's format, classes, images per class (and imbalance), image sizes and colour,",
                    "and write a PNG grid of sample images per class."})
    static final class Inspect implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DATASET", description = "A dataset in any format etiqueta reads.")
        Path dataset;
        @Option(names = "--grid", paramLabel = "PNG", description = "Where to write the sample grid (default: <dataset name>-samples.png).")
        Path grid;
        @Option(names = "--per-class", defaultValue = "8", description = "Sample images per class in the grid (default: ${DEFAULT-VALUE}).")
        int perClass;
        @Mixin ImageOptions image;
        @Mixin SkipBadFilesOption skipBadFiles;
        @Mixin SeedOption seed;
        @Option(names = "--json", description = "Print the inspection as JSON.")
        boolean json;

        @Override public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LoadOptions options = new LoadOptions(image.imageSize(), image.color(), skipBadFiles.skip());
            LoadedDataset data = DatasetLoader.load(dataset, options);
            DatasetReport report = DatasetInspector.report(data);
            Path png = grid != null ? grid : Path.of(dataset.toAbsolutePath().normalize().getFileName() + "-samples.png");
            DatasetInspector.writeGrid(data, png, perClass, seed.seed());
            if (json) {
                out.println(Json.write(report));
            } else {
                out.print(DatasetInspector.format(report));
                out.println("sample grid: " + png.toAbsolutePath());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
