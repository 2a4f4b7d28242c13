package io.etiqueta.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An option several commands take is declared once (a mixin), so it reads and behaves the same in each. */
class SharedOptionsTest {
    static CommandLine command(String... path) {
        CommandLine cli = Main.commandLine();
        for (String name : path) cli = cli.getSubcommands().get(name);
        return cli;
    }

    static String description(CommandLine cli, String option) {
        OptionSpec spec = cli.getCommandSpec().findOption(option);
        assertThat(spec).as(cli.getCommandName() + " " + option).isNotNull();
        return String.join(" ", spec.description()) + " default=" + spec.defaultValue();
    }

    @Test void sharedOptionsAreTheSameEverywhere() {
        List<CommandLine> readers = List.of(command("train"), command("evaluate"), command("data", "inspect"));
        for (CommandLine cli : readers) assertThat(description(cli, "--skip-bad-files")).isEqualTo(description(readers.getFirst(), "--skip-bad-files"));
        for (String option : List.of("--image-size", "--color", "--seed")) {
            assertThat(description(command("data", "inspect"), option)).isEqualTo(description(command("train"), option));
        }
        assertThat(command("evaluate").getCommandSpec().positionalParameters().getFirst().paramLabel())
                .isEqualTo(command("label").getCommandSpec().positionalParameters().getFirst().paramLabel()).isEqualTo("BUNDLE");
    }

    @Test void labelChecksItsLimitsAsTheLabellingServiceDoes() {
        // checked before the bundle is read, by the check the REST API and the Lambda function use (it once let NaN through)
        CliRun nan = CliRun.of("label", "no-such-bundle.etq", "x.png", "--min-confidence", "NaN");
        assertThat(nan.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(nan.err()).contains("minConfidence must be within 0..1, got NaN").doesNotContain("no model bundle").doesNotContain("\tat ");
        CliRun zero = CliRun.of("label", "no-such-bundle.etq", "x.png", "--top", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(zero.err()).contains("topK must be at least 1, got 0");
    }

    @Test void dataInspectTakesTheSharedOptions() {
        CommandLine.ParseResult parsed = Main.commandLine()
                .parseArgs("data", "inspect", "d", "--image-size", "8", "--color", "gray", "--seed", "7", "--skip-bad-files")
                .subcommand().subcommand();
        assertThat(parsed.matchedOptionValue("--image-size", 0)).isEqualTo(8);
        assertThat(parsed.matchedOptionValue("--seed", 0L)).isEqualTo(7L);
        assertThat(parsed.hasMatchedOption("--skip-bad-files")).isTrue();
    }
}
