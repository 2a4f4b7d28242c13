import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's HTTP client (loopback only): POSTs one image to /api/label as a raw body.
 *   java LoadClient.java latency URL IMAGE REQUESTS          -> warm p50/p99 of one client, one request at a time
 *   java LoadClient.java throughput URL IMAGE CLIENTS SECONDS -> labels per second with CLIENTS concurrent clients
 * Every answer must be 200 with labels, else the run fails.
 */
public class LoadClient {
    private static final Pattern MILLIS = Pattern.compile("\"millis\"\\s*:\\s*([0-9.]+)");
    /** The service's own time per answer (fetch, decode, forward pass), without HTTP and queueing. */
    private static final List<Double> SERVICE = Collections.synchronizedList(new ArrayList<>());
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1]);
        byte[] image = Files.readAllBytes(Path.of(args[2]));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "image/jpeg")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
        for (int i = 0; i < 50; i++) call(http, request); // warm-up: JIT and DL4J workspaces
        SERVICE.clear();
        if (mode.equals("latency")) {
            int n = Integer.parseInt(args[3]);
            List<Double> millis = new ArrayList<>(n);
            for (int i = 0; i < n; i++) millis.add(call(http, request));
            Collections.sort(millis);
            List<Double> service = sortedService();
            System.out.printf(Locale.ROOT, "latency requests=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f (in service: p50_ms=%.2f p99_ms=%.2f)%n",
                    n, pct(millis, 50), pct(millis, 99), millis.get(n - 1), pct(service, 50), pct(service, 99));
        } else {
            int clients = Integer.parseInt(args[3]);
            long seconds = Long.parseLong(args[4]);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<List<Double>>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    List<Double> mine = new ArrayList<>();
                    while (!stop.get()) mine.add(call(http, request));
                    return mine;
                }));
            }
            Thread.sleep(seconds * 1000);
            stop.set(true);
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> f : results) all.addAll(f.get());
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            Collections.sort(all);
            List<Double> service = sortedService();
            System.out.printf(Locale.ROOT, "throughput clients=%d requests=%d seconds=%.1f labels_per_s=%.1f p50_ms=%.2f p99_ms=%.2f (in service: p50_ms=%.2f)%n",
                    clients, all.size(), elapsed, all.size() / elapsed, pct(all, 50), pct(all, 99), pct(service, 50));
        }
    }

    static double call(HttpClient http, HttpRequest request) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t) / 1e6;
        if (response.statusCode() != 200 || !response.body().contains("\"labels\"")) {
            throw new IllegalStateException("bad answer " + response.statusCode() + ": " + response.body());
        }
        Matcher m = MILLIS.matcher(response.body());
        if (m.find()) SERVICE.add(Double.parseDouble(m.group(1)));
        return ms;
    }

    static List<Double> sortedService() {
        List<Double> copy = new ArrayList<>(SERVICE);
        Collections.sort(copy);
        return copy.isEmpty() ? List.of(Double.NaN) : copy;
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
