import com.amazonaws.services.lambda.runtime.Context;
import io.quarkus.funqy.lambda.FunqyStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Calls the Lambda handler the way AWS's Java runtime does (a new FunqyStreamHandler, then handleRequest per event),
 * to measure the function's cold start locally: run with the packaged function on the class path,
 *   java -cp "function/lambda/target/*-runner.jar:function/lambda/target/lib/*" LambdaInvoke.java EVENT N START_EPOCH_MS
 * Prints the time from START_EPOCH_MS (the process start) to the first answered label, then p50/p99 of N-1 warm
 * invocations. An answer without "labels" fails the run.
 */
public class LambdaInvoke {
    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        long startMs = Long.parseLong(args[2]);
        Context context = (Context) Proxy.newProxyInstance(LambdaInvoke.class.getClassLoader(), new Class<?>[]{Context.class},
                (proxy, method, a) -> switch (method.getName()) {
                    case "getAwsRequestId" -> "bench";
                    case "getFunctionName" -> "etiqueta-label";
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 2048;
                    default -> null;
                });
        FunqyStreamHandler handler = new FunqyStreamHandler();
        List<Double> warm = new ArrayList<>();
        long first = 0;
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            String answer = out.toString(StandardCharsets.UTF_8);
            if (!answer.contains("\"labels\"")) throw new IllegalStateException("bad answer: " + answer);
            if (i == 0) first = System.currentTimeMillis() - startMs;
            else warm.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(warm);
        System.out.printf(Locale.ROOT, "first_label_ms=%d warm_p50_ms=%.2f warm_p99_ms=%.2f invocations=%d%n",
                first, pct(warm, 50), pct(warm, 99), n);
        System.exit(0);
    }

    static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) return Double.NaN;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
