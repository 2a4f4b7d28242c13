package io.etiqueta.cli;

import io.etiqueta.champion.Promotions;
import io.etiqueta.search.execution.FakeTrialEngine;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** search start/status/list/stop/resume, promote and champion through picocli, with the fake trial engine. */
class SearchCommandsTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    Run run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = command instanceof CommandLine c ? c : Main.commandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Run search(String... args) { return run(SearchCommand.commandLine(FakeTrialEngine::new), args); }

    @Test void startWatchPromoteAndRestore() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: cli
                dataset: fake
                strategy: random
                seed: 4
                budget: {trials: 6}
                space:
                  optimizer: [sgd, adam, rmsprop]
                  learning_rate: {log_uniform: [0.0001, 0.01]}
                  epochs: 2
                """);
        String store = dir.resolve("store").toString();
        Run start = search("start", file.toString(), "--store", store, "--workers", "2", "--name", "renamed");
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).contains("search renamed-").contains("trial t0001 complete val_accuracy=")
                .contains("search renamed-").contains("finished: budget: 6 trials");
        String id = new SearchStore(Stores.open(store)).list().getFirst().id();

        Run list = search("list", "--store", store);
        assertThat(list.out()).contains(id).contains("random").contains("finished").contains("6");
        Run status = search("status", id, "--store", store);
        assertThat(status.out()).contains("status   finished: budget: 6 trials").contains("t0006").contains("<- best").contains("trained (epochs)").contains(" 2 of 2 ");
        assertThat(search("stop", id, "--store", store).out()).contains("is not running");
        assertThat(search("resume", id, "--store", store).out()).contains("already finished");

        Run promote = run(new PromoteCommand(), id, "--store", store, "--note", "first");
        assertThat(promote.code()).as(promote.err()).isZero();
        String best = new SearchStore(Stores.open(store)).load(id).orElseThrow().bestTrialId();
        assertThat(promote.out()).startsWith("champion v1: " + id + ":" + best);
        String other = best.equals("t0001") ? "t0002" : "t0001";
        assertThat(run(new PromoteCommand(), id + ":" + other, "--store", store).out()).startsWith("champion v2: " + id + ":" + other);
        assertThat(run(new ChampionCommand(), "--store", store).out()).startsWith("champion v2: " + id + ":" + other);
        Run history = run(new ChampionCommand(), "--history", "--store", store);
        assertThat(history.out()).contains("  v1  " + id + ":" + best).contains("* v2  " + id + ":" + other);
        Run restore = run(new ChampionCommand(), "--restore", "1", "--store", store);
        assertThat(restore.out()).startsWith("champion v3: " + id + ":" + best).contains("restored v1");
        assertThat(new Promotions(Stores.open(store)).current().orElseThrow().trialId()).isEqualTo(best);
    }

    @Test void userErrorsAreOneLineWithANamedExitCode() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: bad\ndataset: d\nstrategy: grid\nspace:\n  optimizer: [adam, adamw]\n");
        String store = dir.resolve("store").toString();
        Run bad = search("start", file.toString(), "--store", store);
        assertThat(bad.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err().strip()).isEqualTo("etiqueta: " + file + ":5:21: space.optimizer: unknown optimizer 'adamw' (choose one of sgd, adam, rmsprop, nadam)");
        assertThat(search("resume", "nope", "--store", store).code()).isEqualTo(ExitCodes.BAD_INPUT);
        Run promote = run(new PromoteCommand(), "nope:t0001", "--store", store);
        assertThat(promote.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(promote.err()).contains("no search 'nope'");
        assertThat(run(new ChampionCommand(), "--store", store).err()).contains("no champion");
    }

    @Test void mainKnowsTheSearchCommands() {
        CommandLine main = Main.commandLine();
        assertThat(main.getSubcommands()).containsKeys("search", "promote", "champion");
        assertThat(main.getSubcommands().get("search").getSubcommands()).containsKeys("start", "status", "list", "resume", "stop");
    }

    @Test void stopFromAnotherCommandEndsTheRunningSearchWhichThenResumes() throws Exception {
        Path file = dir.resolve("slow.yaml");
        Files.writeString(file, "name: slow\ndataset: fake\nstrategy: grid\nspace:\n  optimizer: [sgd, adam, rmsprop, nadam]\n  epochs: 3\n");
        String store = dir.resolve("store").toString();
        var slow = SearchCommand.commandLine(s -> new FakeTrialEngine(s, 100, null));
        var result = java.util.concurrent.CompletableFuture.supplyAsync(() -> run(slow, "start", file.toString(), "--store", store));
        SearchStore searches = new SearchStore(Stores.open(store));
        while (searches.list().isEmpty() || searches.trials(searches.list().getFirst().id()).isEmpty()) Thread.sleep(20);
        String id = searches.list().getFirst().id();
        Run stop = search("stop", id, "--store", store);
        assertThat(stop.out()).contains("asked search " + id + " to stop");
        Run started = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(started.code()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(started.out()).contains("stopped: stop requested");
        int before = searches.trials(id).size();
        assertThat(before).isBetween(1, 3);
        Run resumed = search("resume", id, "--store", store);
        assertThat(resumed.code()).isZero();
        assertThat(resumed.out()).contains("store trials kept: " + before).contains("finished: grid complete");
        assertThat(searches.trials(id)).hasSize(4);
    }

    /** A search started in the background with the slow fake engine (300 ms an epoch), once t0001 has 2 epochs. */
    private String runningSearch(String store) throws Exception {
        Path file = dir.resolve("watched.yaml");
        Files.writeString(file, "name: watched\ndataset: fake\nstrategy: grid\nspace:\n  optimizer: [sgd, adam]\n  epochs: 8\n");
        var slow = SearchCommand.commandLine(s -> new FakeTrialEngine(s, 300, null));
        background = java.util.concurrent.CompletableFuture.supplyAsync(() -> run(slow, "start", file.toString(), "--store", store));
        SearchStore searches = new SearchStore(Stores.open(store));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (searches.list().isEmpty() || searches.progress(searches.list().getFirst().id(), "t0001").map(p -> p.epoch() < 2).orElse(true)) {
            assertThat(background.isDone()).as("the search ended early: %s", background.isDone() ? background.join() : null).isFalse();
            assertThat(System.nanoTime()).as("trial t0001 wrote its progress").isLessThan(deadline);
            Thread.sleep(20);
        }
        return searches.list().getFirst().id();
    }

    private java.util.concurrent.CompletableFuture<Run> background;

    private void stopBackground(String id, String store) throws Exception {
        search("stop", id, "--store", store);
        assertThat(background.get(60, java.util.concurrent.TimeUnit.SECONDS).code()).isEqualTo(ExitCodes.INTERRUPTED);
    }

    /** While a trial trains, status shows the epoch it reached out of its maximum, its last val metric and the age of its progress. */
    @Test void statusShowsARunningTrialsEpochLastValMetricAndAge() throws Exception {
        String store = dir.resolve("store").toString();
        String id = runningSearch(store);
        Run status = search("status", id, "--store", store);
        assertThat(status.out())
                .containsPattern("(?m)^t0001 +running +0\\.\\d{4} [2-8] of 8 +epoch [2-8]/8, val_accuracy 0\\.\\d{4}, \\d+ s ago \\| \\S+ .*sgd lr=")
                .containsPattern("(?m)^owner    .+/\\d+ \\(lease heartbeat \\d+ s ago\\)$");
        // the last val metric shown is the progress file's last epoch
        var progress = new SearchStore(Stores.open(store)).progress(id, "t0001").orElseThrow();
        assertThat(progress.maxEpochs()).isEqualTo(8);
        stopBackground(id, store);
        assertThat(search("status", id, "--store", store).out()).as("finished trials keep their usual row")
                .containsPattern("(?m)^t0001 +complete +0\\.\\d{4} 8 of 8 +\\S+ .*sgd lr=").doesNotContain("owner ");
    }

    /** A report drawn while a trial trains carries its curve so far (from progress.json), with the trial still running. */
    @Test void aReportDrawnMeanwhileHasTheRunningTrialsCurveSoFar() throws Exception {
        String store = dir.resolve("store").toString();
        String id = runningSearch(store);
        Path out = dir.resolve("report");
        Run report = run(new ReportCommand(), id, "--store", store, "--out", out.toString());
        assertThat(report.code()).as(report.err()).isZero();
        var trials = io.etiqueta.json.Json.read(Files.readAllBytes(out.resolve("trials.json")), com.fasterxml.jackson.databind.JsonNode.class);
        com.fasterxml.jackson.databind.JsonNode running = null;
        for (var t : trials) if ("t0001".equals(t.path("id").asText())) running = t;
        assertThat(running).as("t0001 in trials.json").isNotNull();
        assertThat(running.path("state").asText()).isEqualTo("running");
        assertThat(running.path("epochs").size()).as("the curve so far").isBetween(2, 8);
        assertThat(Files.readString(out.resolve("index.html"))).contains("\"state\":\"running\"");
        stopBackground(id, store);
    }
}
