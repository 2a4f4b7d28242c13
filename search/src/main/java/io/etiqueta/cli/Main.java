package io.etiqueta.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;


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
                WorkerCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"", "Exit codes: 0 ok, 1 the job failed (e.g. a trial diverged), 2 usage error,",
                "3 bad input, 4 store error, 130 interrupted or stopped.",
                "Run 'etiqueta COMMAND --help' for a command's options; the README documents them all."})
public final class Main implements Runnable {
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        io.etiqueta.train.CpuBackend.configure(); // before anything loads ND4J
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands and capture their output. */
    public static CommandLine commandLine() {
        return commandLine(new Main());
    }

    /**
     * A command line for {@code command} (Main, or one command alone as tests and tools run it), configured as
     * etiqueta's: errors become exit codes through {@link ExitCodeMapper}.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cli = ExitCodeMapper.install(new CommandLine(command));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true); // use the terminal's width rather than 80 columns
        cli.setUsageHelpLongOptionsMaxWidth(28);
        return cli;
    }

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"etiqueta " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (DL4J 1.0.0-M2.1, Java " + System.getProperty("java.version") + ")"};
        }
    }
}
