package io.etiqueta.cli;

import io.etiqueta.bundle.BundleFormatException;
import io.etiqueta.data.DatasetException;
import io.etiqueta.image.ImageRejectedException;
import io.etiqueta.report.ReportException;
import io.etiqueta.search.spec.SearchFileException;
import io.etiqueta.storage.StoreException;
import io.etiqueta.search.execution.FakeTrialEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command reports an error the same way: one exit code per kind of error, one line, a stack trace only when unexpected. */
class ExitCodeMapperTest {
    @TempDir Path dir;

    /** A command that fails with the given exception, run as a subcommand of etiqueta's own command line. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        final Exception failure;

        Boom(Exception failure) { this.failure = failure; }

        @Override public Integer call() throws Exception { throw failure; }
    }

    static CliRun boom(Exception failure) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine().addSubcommand(new Boom(failure));
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return new CliRun(cli.execute("boom"), out.toString(), err.toString());
    }

    static void assertOneLine(CliRun run, int code, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
        assertThat(run.err().strip()).isEqualTo("etiqueta: " + message);
    }

    @Test void eachKindOfErrorHasItsExitCodeAndOneLine() {
        assertOneLine(boom(new DatasetException("no dataset at x")), ExitCodes.BAD_INPUT, "no dataset at x");
        assertOneLine(boom(new ImageRejectedException(ImageRejectedException.Reason.TRUNCATED, "a.png is truncated")), ExitCodes.BAD_INPUT, "a.png is truncated");
        assertOneLine(boom(new BundleFormatException("not a bundle")), ExitCodes.BAD_INPUT, "not a bundle");
        assertOneLine(boom(new ReportException("no search 'x'")), ExitCodes.BAD_INPUT, "no search 'x'");
        assertOneLine(boom(new IllegalArgumentException("--top must be at least 1")), ExitCodes.BAD_INPUT, "--top must be at least 1");
        assertOneLine(boom(new StoreException("s3://b", "k", "unreachable")), ExitCodes.STORE, "store s3://b, key k: unreachable");
        assertOneLine(boom(new IllegalStateException("trial t1 is being written by another process")), ExitCodes.FAILED,
                "trial t1 is being written by another process");
        assertOneLine(boom(new InterruptedException("stopped")), ExitCodes.INTERRUPTED, "stopped");
    }

    /** Main once said 3 and report said 1 for an UncheckedIOException; the search file error printed a stack trace from quickstart. */
    @Test void anUncheckedIoErrorAndASearchFileErrorAreBadInputEverywhere() {
        assertOneLine(boom(new UncheckedIOException("cannot write x", new IOException("denied"))), ExitCodes.BAD_INPUT, "cannot write x");
        assertOneLine(boom(new SearchFileException("q.yaml", 3, 7, "unknown key 'x'")), ExitCodes.BAD_INPUT, "q.yaml:3:7: unknown key 'x'");
    }

    @Test void anUnexpectedErrorShowsItsStackTrace() {
        CliRun run = boom(new NullPointerException("bug"));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).startsWith("etiqueta: unexpected error: java.lang.NullPointerException: bug").contains("\tat ");
    }

    @Test void aUsageErrorIsTwo() {
        assertThat(CliRun.of("train").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("search", "start", "--no-such-option", "x").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test void reportCannotWriteItsOutFolderIsBadInputLikeAnyUnwritablePath() throws IOException {
        String store = dir.resolve("store").toString();
        Path file = Files.writeString(dir.resolve("s.yaml"), "name: demo\ndataset: fake\nstrategy: grid\nspace:\n  optimizer: [sgd, adam]\n  epochs: 2\n");
        CommandLine search = SearchCommand.commandLine(FakeTrialEngine::new).setOut(new PrintWriter(new StringWriter(), true));
        assertThat(search.execute("start", file.toString(), "--store", store)).isZero();
        String id = Files.list(Path.of(store, "searches")).findFirst().orElseThrow().getFileName().toString();
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        CliRun run = CliRun.of("report", id, "--store", store, "--out", notAFolder.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).startsWith("etiqueta: cannot write report " + id + " to " + notAFolder.resolve("out")).doesNotContain("\tat ");
    }

    @Test void commandsRunAloneReportLikeMain() {
        CommandLine promote = Main.commandLine(new PromoteCommand());
        StringWriter err = new StringWriter();
        promote.setErr(new PrintWriter(err, true));
        assertThat(promote.execute("nope", "--store", dir.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip()).startsWith("etiqueta: ").doesNotContain("\tat ");
    }
}
