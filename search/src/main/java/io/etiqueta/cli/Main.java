package io.etiqueta.cli;

import io.etiqueta.errors.Failures;
import io.etiqueta.bundle.BundleFormatException;
import io.etiqueta.data.DatasetException;
import io.etiqueta.image.ImageRejectedException;
import io.etiqueta.storage.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.UncheckedIOException;

/** Entry point of the etiqueta command line: picocli parses, each command delegates to the library. */
@Command(name = "etiqueta", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Finds the best image classifier for a labelling job and serves it.", ""},
        subcommands = {
                QuickstartCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                DataCommand.class,
                LabelCommand.class,
                SearchCommand.class,
                PromoteCommand.class,
                ChampionCommand.class,
                ReportCommand.class,
                ServeCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"", "Exit codes: 0 ok, 1 the job failed (e.g. a trial diverged), 2 usage error,",
                "3 bad input, 4 store error, 130 interrupted or stopped.",
                "Run 'etiqueta COMMAND --help' for a command's options; the README documents them all."})
public final class Main implements Runnable {
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands and capture their output. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true); // use the terminal's width rather than 80 columns
        cli.setUsageHelpLongOptionsMaxWidth(28);
        return cli;
    }

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** User errors become one clear line on stderr and a named exit code, never a stack trace. */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        var err = cli.getErr();
        int code;
        if (e instanceof DatasetException || e instanceof ImageRejectedException || e instanceof BundleFormatException
                || e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
            code = ExitCodes.BAD_INPUT;
        } else if (e instanceof StoreException) {
            code = ExitCodes.STORE;
        } else {
            err.println("etiqueta: unexpected error: " + e);
            e.printStackTrace(err);
            return ExitCodes.FAILED;
        }
        err.println("etiqueta: " + Failures.describe(e));
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"etiqueta " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (DL4J 1.0.0-M2.1, Java " + System.getProperty("java.version") + ")"};
        }
    }
}
