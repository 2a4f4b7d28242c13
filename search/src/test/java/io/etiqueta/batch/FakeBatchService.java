package io.etiqueta.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A local stand-in for AWS Batch: an HTTP server on 127.0.0.1 (a free port) that speaks Batch's REST/JSON protocol
 * as the AWS SDK v2 {@code BatchClient} calls it ({@code POST /v1/submitjob}, {@code /v1/describejobs},
 * {@code /v1/terminatejob}, {@code /v1/listjobs}) and runs every job attempt as a real child process.
 *
 * <p>What it honours: job definitions registered with {@link #defineJob} (the "image": the command prefix and the
 * environment a container would have); container overrides (command, environment, resource requirements);
 * {@code retryStrategy.attempts} and {@code evaluateOnExit} (first matching rule, globs ending in {@code *}, retry
 * when none matches, as Batch does); {@code timeout.attemptDurationSeconds}; the status walk SUBMITTED, PENDING,
 * RUNNABLE, STARTING, RUNNING, SUCCEEDED or FAILED; a compute environment of {@code slots} concurrent jobs
 * (RUNNABLE jobs wait for a slot, in submission order); TerminateJob (SIGTERM to a running attempt, SIGKILL after a
 * grace period, like ECS' stop timeout); ListJobs by queue and status, or by a {@code JOB_NAME} filter.
 *
 * <p>Faults: {@link #throttleNext} (429 TooManyRequestsException), {@link #failNext} (500 ServerException),
 * {@link #reclaimHost} (kill -9 of an attempt's process, reported as Batch reports a lost spot instance:
 * statusReason {@code Host EC2 (instance i-...) terminated.}, no exit code), {@link #killProcess} (plain kill -9:
 * exit code 137). Requests are not signature-checked; any credentials do.
 *
 * <p>An attempt's stdout and stderr go to {@code <logDir>/<jobId>-<attempt>.log}; its log stream name is
 * {@code <definition>/default/<taskId>} as the awslogs driver names it.
 */
public final class FakeBatchService implements AutoCloseable {
    /** What a job definition runs: the container's entry point (prefixed to the job's command) and environment. */
    public record JobDefinition(String name, List<String> entryPoint, List<String> defaultCommand, Map<String, String> environment) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TERMINATE_GRACE_MILLIS = 5_000;

    private final HttpServer server;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-batch-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Path logDir;
    private final int slots;
    private final Map<String, JobDefinition> definitions = new ConcurrentHashMap<>();
    /** Jobs in submission order. Guarded by this. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicInteger throttle = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger lostAnswers = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faultsAnswered = new AtomicInteger();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private FakeBatchService(HttpServer server, Path logDir, int slots) {
        this.server = server;
        this.logDir = logDir;
        this.slots = slots;
    }

    /** Starts the service with a compute environment of {@code slots} concurrent jobs; attempt logs go to logDir. */
    public static FakeBatchService start(Path logDir, int slots) throws IOException {
        Files.createDirectories(logDir);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeBatchService service = new FakeBatchService(http, logDir, slots);
        http.createContext("/v1/", service::handle);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-batch-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        service.scheduler.scheduleWithFixedDelay(service::tick, 20, 20, TimeUnit.MILLISECONDS);
        return service;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What a process (or this JVM, through system properties) needs to send its Batch calls here. */
    public Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL_BATCH", endpoint().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "fake-batch", "AWS_SECRET_ACCESS_KEY", "fake-batch-secret");
    }

    public FakeBatchService defineJob(JobDefinition definition) {
        definitions.put(definition.name(), definition);
        return this;
    }

    public void throttleNext(int count) { throttle.set(count); }

    public void failNext(int count) { serverErrors.set(count); }

    /** Performs the next requests but answers them 500, as when an answer is lost on the way back. */
    public void loseNextAnswers(int count) { lostAnswers.set(count); }

    /** How many 429/500 answers were given so far (so a test knows its faults were really served). */
    public int faultsAnswered() { return faultsAnswered.get(); }

    /** Calls of one operation so far ("submitjob", "describejobs", "terminatejob", "listjobs"). */
    public int calls(String operation) { return calls.getOrDefault(operation, new AtomicInteger()).get(); }

    // ---------------------------------------------------------------- inspection and faults

    public record AttemptView(int number, long pid, Integer exitCode, String statusReason, String logStream, Path log, long startedAt, Long stoppedAt) {}

    public record JobView(String jobId, String jobName, String status, String statusReason, List<String> command,
                          Map<String, String> environment, List<AttemptView> attempts, int maxAttempts) {}

    public synchronized List<JobView> jobs() {
        return jobs.values().stream().map(Job::view).toList();
    }

    public synchronized JobView job(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) throw new IllegalArgumentException("no job " + jobId);
        return job.view();
    }

    /** Kills (-9) the running attempt of the first running job that matches; the attempt ends as a lost host. */
    public synchronized boolean reclaimHost(Predicate<JobView> which) {
        return kill(which, true);
    }

    /** Kills (-9) the running attempt of the first running job that matches; the attempt ends with exit code 137. */
    public synchronized boolean killProcess(Predicate<JobView> which) {
        return kill(which, false);
    }

    private boolean kill(Predicate<JobView> which, boolean hostLost) {
        for (Job job : jobs.values()) {
            if (job.occupiesSlot() && job.current != null && which.test(job.view())) { // STARTING already has its process
                job.current.hostLost = hostLost;
                job.current.process.destroyForcibly();
                return true;
            }
        }
        return false;
    }

    /**
     * The share of slot time that held a running job, between the first job's start and the last job's end: 1.0
     * when no slot ever idled while jobs ran or waited.
     */
    public synchronized double slotUse() {
        long first = Long.MAX_VALUE, last = 0;
        for (Job job : jobs.values()) {
            for (Attempt a : job.attempts) {
                first = Math.min(first, a.startedAt);
                last = Math.max(last, a.stoppedAt == null ? System.currentTimeMillis() : a.stoppedAt);
            }
        }
        if (first == Long.MAX_VALUE || last <= first) return 0;
        return busySlotMillis() / (double) (slots * (last - first));
    }

    /**
     * The share of slot time that held a running job between the first attempt's start and the last attempt's
     * start: the stretch in which a trial was always waiting to run, so an idle slot there is the executor's delay
     * (noticing an end, submitting the next), not the search running out of work.
     */
    public synchronized double slotUseWhileJobsWaited() {
        long first = Long.MAX_VALUE, lastStart = 0;
        for (Job job : jobs.values()) {
            for (Attempt a : job.attempts) {
                first = Math.min(first, a.startedAt);
                lastStart = Math.max(lastStart, a.startedAt);
            }
        }
        if (first == Long.MAX_VALUE || lastStart <= first) return 0;
        long busy = 0, now = System.currentTimeMillis();
        for (Job job : jobs.values()) {
            for (Attempt a : job.attempts) {
                long end = Math.min(a.stoppedAt == null ? now : a.stoppedAt, lastStart);
                busy += Math.max(0, end - a.startedAt);
            }
        }
        return busy / (double) (slots * (lastStart - first));
    }

    private synchronized long busySlotMillis() {
        long busy = 0;
        for (Job job : jobs.values()) {
            for (Attempt a : job.attempts) busy += (a.stoppedAt == null ? System.currentTimeMillis() : a.stoppedAt) - a.startedAt;
        }
        return busy;
    }

    // ---------------------------------------------------------------- the protocol

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String operation = exchange.getRequestURI().getPath().substring("/v1/".length());
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                faultsAnswered.incrementAndGet();
                error(exchange, 429, "TooManyRequestsException", "Too Many Requests");
                return;
            }
            if (serverErrors.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                faultsAnswered.incrementAndGet();
                error(exchange, 500, "ServerException", "Internal server error (injected)");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "ClientException", "method not allowed");
                return;
            }
            JsonNode answer;
            try {
                answer = switch (operation) {
                    case "submitjob" -> submit(body);
                    case "describejobs" -> describe(body);
                    case "terminatejob" -> terminate(body);
                    case "listjobs" -> list(body);
                    default -> throw new ClientError("Unknown operation " + operation);
                };
            } catch (ClientError e) {
                error(exchange, 400, "ClientException", e.getMessage());
                return;
            }
            if (lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                faultsAnswered.incrementAndGet();
                error(exchange, 500, "ServerException", "Internal server error (injected after the request was performed)");
                return;
            }
            send(exchange, 200, JSON.writeValueAsBytes(answer));
        } catch (RuntimeException e) {
            error(exchange, 500, "ServerException", String.valueOf(e));
        }
    }

    private static final class ClientError extends RuntimeException {
        ClientError(String message) { super(message); }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(exchange, status, JSON.writeValueAsBytes(JSON.createObjectNode().put("message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private synchronized JsonNode submit(JsonNode body) {
        String name = text(body, "jobName");
        String queue = text(body, "jobQueue");
        String definitionName = text(body, "jobDefinition");
        if (name == null || queue == null || definitionName == null) throw new ClientError("jobName, jobQueue and jobDefinition are required");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,127}")) throw new ClientError("Job name should be 1-128 letters (uppercase and lowercase), numbers, hyphens and underscores: " + name);
        JobDefinition definition = definitions.get(definitionName.replaceFirst(":\\d+$", ""));
        if (definition == null) throw new ClientError("JobDefinition " + definitionName + " not found");
        JsonNode overrides = body.path("containerOverrides");
        List<String> command = new ArrayList<>();
        if (overrides.has("command")) overrides.get("command").forEach(c -> command.add(c.asText()));
        else command.addAll(definition.defaultCommand());
        Map<String, String> environment = new LinkedHashMap<>(definition.environment());
        overrides.path("environment").forEach(kv -> environment.put(kv.path("name").asText(), kv.path("value").asText()));
        Job job = new Job(UUID.randomUUID().toString(), name, queue, definition, command, environment,
                Math.max(1, body.path("retryStrategy").path("attempts").asInt(1)), body.path("retryStrategy").path("evaluateOnExit"),
                body.path("timeout").path("attemptDurationSeconds").asLong(0), body.deepCopy());
        jobs.put(job.id, job);
        return JSON.createObjectNode().put("jobArn", job.arn()).put("jobName", name).put("jobId", job.id);
    }

    private synchronized JsonNode describe(JsonNode body) {
        ArrayNode out = JSON.createArrayNode();
        body.path("jobs").forEach(id -> {
            Job job = jobs.get(id.asText());
            if (job != null) out.add(job.detail());
        });
        return JSON.createObjectNode().set("jobs", out);
    }

    private synchronized JsonNode terminate(JsonNode body) {
        Job job = jobs.get(text(body, "jobId"));
        if (job == null) throw new ClientError("Job " + text(body, "jobId") + " not found");
        String reason = text(body, "reason");
        if (reason == null) throw new ClientError("reason is required");
        job.terminate(reason);
        return JSON.createObjectNode();
    }

    private synchronized JsonNode list(JsonNode body) {
        String queue = text(body, "jobQueue");
        String status = text(body, "jobStatus");
        String namePattern = null;
        for (JsonNode f : body.path("filters")) {
            if ("JOB_NAME".equals(f.path("name").asText()) && f.path("values").size() > 0) namePattern = f.path("values").get(0).asText();
        }
        ArrayNode out = JSON.createArrayNode();
        for (Job job : jobs.values()) {
            if (queue != null && !queue.equals(job.queue)) continue;
            // as in Batch: with a filter, jobs of every status are listed; without, RUNNING unless a status is given
            if (namePattern != null) {
                if (!glob(namePattern, job.name)) continue;
            } else if (!job.status.equals(status == null ? "RUNNING" : status)) continue;
            out.add(job.summary());
        }
        return JSON.createObjectNode().set("jobSummaryList", out);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static boolean glob(String pattern, String value) {
        if (value == null) return false;
        if (pattern.endsWith("*")) return value.startsWith(pattern.substring(0, pattern.length() - 1));
        return value.equals(pattern);
    }

    // ---------------------------------------------------------------- the scheduler

    private synchronized void tick() {
        if (closed) return;
        long now = System.currentTimeMillis();
        int running = 0;
        for (Job job : jobs.values()) {
            job.advance(now);
            if (job.occupiesSlot()) running++;
        }
        for (Job job : jobs.values()) {
            if (running >= slots) break;
            if (job.status.equals("RUNNABLE")) {
                job.startAttempt(now);
                running++;
            }
        }
    }

    private final class Attempt {
        final int number;
        final Process process;
        final long startedAt;
        final String taskId = UUID.randomUUID().toString().replace("-", "");
        final Path log;
        volatile boolean hostLost;
        String terminatedReason;
        long terminateDeadline;
        Long stoppedAt;
        Integer exitCode;
        String statusReason;

        Attempt(int number, Process process, long startedAt, Path log) {
            this.number = number;
            this.process = process;
            this.startedAt = startedAt;
            this.log = log;
        }
    }

    private final class Job {
        final String id, name, queue;
        final JobDefinition definition;
        final List<String> command;
        final Map<String, String> environment;
        final int maxAttempts;
        final JsonNode evaluateOnExit;
        final long timeoutSeconds;
        final JsonNode submitted;
        final long createdAt = System.currentTimeMillis();
        final List<Attempt> attempts = new ArrayList<>();
        String status = "SUBMITTED";
        String statusReason;
        long statusSince = createdAt;
        Attempt current;
        String cancelReason;

        Job(String id, String name, String queue, JobDefinition definition, List<String> command, Map<String, String> environment,
            int maxAttempts, JsonNode evaluateOnExit, long timeoutSeconds, JsonNode submitted) {
            this.id = id;
            this.name = name;
            this.queue = queue;
            this.definition = definition;
            this.command = List.copyOf(command);
            this.environment = Map.copyOf(environment);
            this.maxAttempts = maxAttempts;
            this.evaluateOnExit = evaluateOnExit;
            this.timeoutSeconds = timeoutSeconds;
            this.submitted = submitted;
        }

        String arn() { return "arn:aws:batch:us-east-1:000000000000:job/" + id; }

        String logStream() { return current == null ? null : logStream(current); }

        String logStream(Attempt a) { return definition.name() + "/default/" + a.taskId; }

        boolean occupiesSlot() { return status.equals("STARTING") || status.equals("RUNNING"); }

        boolean terminal() { return status.equals("SUCCEEDED") || status.equals("FAILED"); }

        void status(String s, long now) {
            status = s;
            statusSince = now;
        }

        /** SUBMITTED -> PENDING -> RUNNABLE at once; a running attempt ends when its process does. */
        void advance(long now) {
            switch (status) {
                case "SUBMITTED" -> status("PENDING", now);
                case "PENDING" -> status("RUNNABLE", now);
                case "STARTING" -> status("RUNNING", now);
                case "RUNNING" -> watch(now);
                default -> { }
            }
        }

        void startAttempt(long now) {
            List<String> argv = new ArrayList<>(definition.entryPoint());
            argv.addAll(command);
            Path log = logDir.resolve(id + "-" + (attempts.size() + 1) + ".log");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(environment);
            pb.environment().put("AWS_BATCH_JOB_ID", id);
            pb.environment().put("AWS_BATCH_JOB_ATTEMPT", String.valueOf(attempts.size() + 1));
            pb.environment().put("AWS_BATCH_JQ_NAME", queue);
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                status("FAILED", now);
                statusReason = "CannotStartContainerError: " + e.getMessage();
                return;
            }
            current = new Attempt(attempts.size() + 1, process, now, log);
            attempts.add(current);
            status("STARTING", now);
        }

        void watch(long now) {
            Attempt a = current;
            if (a.terminatedReason == null && timeoutSeconds > 0 && now - a.startedAt > timeoutSeconds * 1000) {
                a.terminatedReason = "Job attempt duration exceeded timeout";
                a.terminateDeadline = now + TERMINATE_GRACE_MILLIS;
                a.process.destroy();
            }
            if (a.terminatedReason != null && now > a.terminateDeadline) a.process.destroyForcibly();
            if (a.process.isAlive()) return;
            a.stoppedAt = now;
            int exit = a.process.exitValue();
            String reason;
            if (a.hostLost) {
                reason = "Host EC2 (instance i-0fake" + a.taskId.substring(0, 8) + ") terminated.";
                a.exitCode = null;
            } else {
                a.exitCode = exit;
                reason = a.terminatedReason != null ? a.terminatedReason : "Essential container in task exited";
            }
            a.statusReason = reason;
            current = null;
            if (cancelReason != null) {
                status("FAILED", now);
                statusReason = cancelReason;
            } else if (!a.hostLost && exit == 0) {
                status("SUCCEEDED", now);
                statusReason = reason;
            } else if (attempts.size() < maxAttempts && retry(a)) {
                status("RUNNABLE", now);
                statusReason = null;
            } else {
                status("FAILED", now);
                statusReason = reason;
            }
        }

        /** Batch's evaluateOnExit: the first rule whose conditions all match decides; none matching means retry. */
        boolean retry(Attempt a) {
            if (evaluateOnExit == null || evaluateOnExit.isMissingNode() || evaluateOnExit.isEmpty()) return true;
            for (JsonNode rule : evaluateOnExit) {
                boolean match = true;
                if (rule.has("onStatusReason")) match &= glob(rule.get("onStatusReason").asText(), a.statusReason);
                if (rule.has("onReason")) match &= glob(rule.get("onReason").asText(), a.statusReason);
                if (rule.has("onExitCode")) match &= a.exitCode != null && glob(rule.get("onExitCode").asText(), String.valueOf(a.exitCode));
                if (match) return rule.path("action").asText().equalsIgnoreCase("RETRY");
            }
            return true;
        }

        void terminate(String reason) {
            if (terminal()) return;
            cancelReason = reason;
            if (current != null) {
                current.terminatedReason = reason;
                current.terminateDeadline = System.currentTimeMillis() + TERMINATE_GRACE_MILLIS;
                current.process.destroy(); // SIGTERM first, as ECS stops a task
            } else {
                status("FAILED", System.currentTimeMillis());
                statusReason = reason;
            }
        }

        ObjectNode container(Attempt a) {
            ObjectNode c = JSON.createObjectNode();
            if (a != null) {
                if (a.exitCode != null) c.put("exitCode", a.exitCode);
                if (a.statusReason != null) c.put("reason", a.statusReason);
                c.put("logStreamName", logStream(a));
                c.put("taskArn", "arn:aws:ecs:us-east-1:000000000000:task/fake/" + a.taskId);
            }
            return c;
        }

        ObjectNode detail() {
            ObjectNode d = JSON.createObjectNode();
            d.put("jobArn", arn()).put("jobName", name).put("jobId", id).put("jobQueue", queue).put("status", status);
            if (statusReason != null) d.put("statusReason", statusReason);
            d.put("createdAt", createdAt);
            if (!attempts.isEmpty()) d.put("startedAt", attempts.getFirst().startedAt);
            Attempt last = attempts.isEmpty() ? null : attempts.getLast();
            if (terminal() && last != null && last.stoppedAt != null) d.put("stoppedAt", last.stoppedAt);
            d.put("jobDefinition", "arn:aws:batch:us-east-1:000000000000:job-definition/" + definition.name() + ":1");
            ArrayNode list = d.putArray("attempts");
            for (Attempt a : attempts) {
                if (a.stoppedAt == null) continue; // Batch lists finished attempts only
                ObjectNode o = list.addObject();
                o.set("container", container(a));
                o.put("startedAt", a.startedAt).put("stoppedAt", a.stoppedAt).put("statusReason", a.statusReason);
            }
            ObjectNode container = container(current != null ? current : last);
            ArrayNode cmd = container.putArray("command");
            command.forEach(cmd::add);
            ArrayNode env = container.putArray("environment");
            environment.forEach((k, v) -> env.addObject().put("name", k).put("value", v));
            container.set("resourceRequirements", submitted.path("containerOverrides").path("resourceRequirements").deepCopy());
            d.set("container", container);
            if (submitted.has("retryStrategy")) d.set("retryStrategy", submitted.get("retryStrategy").deepCopy());
            if (submitted.has("timeout")) d.set("timeout", submitted.get("timeout").deepCopy());
            return d;
        }

        ObjectNode summary() {
            ObjectNode s = JSON.createObjectNode();
            s.put("jobArn", arn()).put("jobId", id).put("jobName", name).put("createdAt", createdAt).put("status", status);
            if (statusReason != null) s.put("statusReason", statusReason);
            Attempt last = attempts.isEmpty() ? null : attempts.getLast();
            if (last != null) s.put("startedAt", attempts.getFirst().startedAt);
            if (terminal() && last != null && last.stoppedAt != null) s.put("stoppedAt", last.stoppedAt);
            ObjectNode c = s.putObject("container");
            if (last != null && last.exitCode != null) c.put("exitCode", last.exitCode);
            if (last != null && last.statusReason != null) c.put("reason", last.statusReason);
            return s;
        }

        JobView view() {
            List<AttemptView> as = attempts.stream().map(a -> new AttemptView(a.number, a.process.pid(), a.exitCode, a.statusReason,
                    logStream(a), a.log, a.startedAt, a.stoppedAt)).toList();
            return new JobView(id, name, status, statusReason, command, environment, as, maxAttempts);
        }
    }

    @Override public void close() {
        synchronized (this) {
            closed = true;
            for (Job job : jobs.values()) {
                if (job.current != null) job.current.process.destroyForcibly();
            }
        }
        scheduler.shutdownNow();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Reads an attempt's log (for assertion messages). */
    public static String log(AttemptView attempt) {
        try {
            return Files.exists(attempt.log()) ? Files.readString(attempt.log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }
}
