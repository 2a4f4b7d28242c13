package io.etiqueta.train;

import io.etiqueta.data.Batches;
import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.Examples;
import io.etiqueta.data.FashionMnist;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.trial.ActivationType;
import io.etiqueta.trial.Augmentation;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Pulls one speed lever at a time (docs/performance.md, "Levers measured"): trains the same network on real
 * Fashion-MNIST batches with the lever off (A) and on (B), alternating A B B A A B ... in one JVM so that a shared
 * machine's changing load hits both alike, and prints each run's training images/s, the medians, and the ratio
 * B/A. Run by {@code bench/java}:
 * <pre>
 *   bench/java search io.etiqueta.train.TrainingBenchmark LEVER [MODEL] [ROUNDS] [STEPS]
 *   LEVER: aa (A = B: the noise floor), workspace, nhwc, batch, views, gc, pooling, onednn, threads
 *   MODEL: cnn, cnn-bn, mlp (512-256-256); -Dbench.data=cifar (32x32x3, default) or fashion (28x28x1)
 * </pre>
 */
public final class TrainingBenchmark {
    private static final int BATCH = 64;

    /**
     * Training images per second of wall time, and per second of this process's CPU time (all its threads): on a
     * machine shared with other work the CPU rate moves much less with the load than the wall rate.
     */
    record Rate(double wall, double cpu) {}

    /** One side of an A/B: trains {@code steps} batches. */
    interface Side {
        Rate run(int steps);
    }

    public static void main(String[] args) {
        CpuBackend.configure();
        String lever = args.length > 0 ? args[0] : "aa";
        String model = args.length > 1 ? args[1] : "cnn";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        boolean cifarShape = !"fashion".equals(System.getProperty("bench.data", "cifar"));
        int threads = Integer.getInteger("bench.threads", CpuBackend.cores());
        CpuBackend.useThreads(threads);
        LoadOptions options = cifarShape ? new LoadOptions(32, ColorMode.RGB, false) : new LoadOptions(null, null, false);
        LoadedDataset data = DatasetLoader.load(FashionMnist.locate(), options);
        Examples examples = data.train().subset(IntStream.range(0, 4096).toArray());
        ImageSpec spec = data.spec();
        System.out.printf(Locale.ROOT, "lever %s, model %s, input %s, %d threads, %d rounds x %d steps of batch %d; oneDNN %s, periodic GC %s (OPENBLAS_VERBOSE=2 prints OpenBLAS's core)%n",
                lever, model, spec, threads, rounds, steps, BATCH, CpuBackend.oneDnn(),
                Nd4j.getMemoryManager().isPeriodicGcActive());
        Side[] sides = sides(lever, model, examples, spec);
        for (Side s : sides) s.run(5); // warm-up: JIT, workspaces, oneDNN primitive caches
        double[][] rates = new double[2][rounds], cpu = new double[2][rounds];
        double loadBefore = load();
        for (int r = 0; r < rounds; r++) {
            // A B, then B A: neither side always runs first (the second run of a round measured slower in A/A runs)
            for (int i = 0; i < 2; i++) {
                int s = r % 2 == 0 ? i : 1 - i;
                Rate rate = sides[s].run(steps);
                rates[s][r] = rate.wall();
                cpu[s][r] = rate.cpu();
            }
            System.out.printf(Locale.ROOT, "round %d  A %7.1f img/s  B %7.1f img/s  B/A %.3f   per CPU-s: A %7.1f  B %7.1f  B/A %.3f  load %.1f%n",
                    r + 1, rates[0][r], rates[1][r], rates[1][r] / rates[0][r], cpu[0][r], cpu[1][r], cpu[1][r] / cpu[0][r], load());
        }
        double[] ratios = IntStream.range(0, rounds).mapToDouble(r -> rates[1][r] / rates[0][r]).toArray();
        System.out.printf(Locale.ROOT, "RESULT %s %s: A median %.1f img/s, B median %.1f img/s, B/A of medians %.3f, per-round B/A %.3f..%.3f (median %.3f), load %.1f..%.1f%n",
                lever, model, median(rates[0]), median(rates[1]), median(rates[1]) / median(rates[0]),
                Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0), median(ratios), loadBefore, load());
        double[] cpuRatios = IntStream.range(0, rounds).mapToDouble(r -> cpu[1][r] / cpu[0][r]).toArray();
        System.out.printf(Locale.ROOT, "RESULT-CPU %s %s: A median %.1f img/CPU-s, B median %.1f img/CPU-s, B/A of medians %.3f, per-round B/A %.3f..%.3f (median %.3f)%n",
                lever, model, median(cpu[0]), median(cpu[1]), median(cpu[1]) / median(cpu[0]),
                Arrays.stream(cpuRatios).min().orElse(0), Arrays.stream(cpuRatios).max().orElse(0), median(cpuRatios));
    }

    private static Side[] sides(String lever, String model, Examples examples, ImageSpec spec) {
        TrialConfig config = config(model);
        Preprocessor pre = new Preprocessor(spec);
        return switch (lever) {
            case "aa" -> new Side[]{fit(net(config, spec), batches(examples, pre, BATCH)), fit(net(config, spec), batches(examples, pre, BATCH))};
            case "workspace" -> {
                MultiLayerConfiguration none = conf(config, spec);
                none.setTrainingWorkspaceMode(WorkspaceMode.NONE);
                none.setInferenceWorkspaceMode(WorkspaceMode.NONE);
                yield new Side[]{fit(net(config, spec), batches(examples, pre, BATCH)), fit(init(none), batches(examples, pre, BATCH))};
            }
            case "batch" -> new Side[]{fit(net(config, spec), batches(examples, pre, BATCH)),
                    fit(net(config, spec), batches(examples, pre, Integer.getInteger("bench.batch", 256)))};
            case "nhwc" -> {
                if (!model.equals("cnn")) throw new IllegalArgumentException("nhwc: cnn only");
                List<DataSet> nchw = batches(examples, pre, BATCH);
                List<DataSet> nhwc = nchw.stream().map(d -> new DataSet(d.getFeatures().permute(0, 2, 3, 1).dup('c'), d.getLabels())).toList();
                yield new Side[]{fit(net(config, spec), nchw), fit(init(cnn(config, spec, CNN2DFormat.NHWC)), nhwc)};
            }
            case "views" -> {
                // A: what a trial does now (normalise each batch into a new array); B: normalise the dataset once
                // into one array and gather each shuffled batch's rows from it
                MultiLayerNetwork a = net(config, spec), b = net(config, spec);
                Random ra = new Random(1), rb = new Random(1);
                OneArray all = OneArray.of(examples, pre, 10);
                Iterator<DataSet>[] ita = new Iterator[]{Batches.training(examples, pre, 10, BATCH, ra, Augmentation.NONE).iterator()};
                Iterator<DataSet>[] itb = new Iterator[]{all.shuffled(BATCH, rb)};
                yield new Side[]{steps -> timed(steps, () -> {
                    if (!ita[0].hasNext()) ita[0] = Batches.training(examples, pre, 10, BATCH, ra, Augmentation.NONE).iterator();
                    DataSet d = ita[0].next();
                    a.fit(d);
                    return d.numExamples();
                }), steps -> timed(steps, () -> {
                    if (!itb[0].hasNext()) itb[0] = all.shuffled(BATCH, rb);
                    DataSet d = itb[0].next();
                    b.fit(d);
                    return d.numExamples();
                })};
            }
            case "gc" -> {
                List<DataSet> batches = batches(examples, pre, BATCH);
                Side a = fit(net(config, spec), batches), b = fit(net(config, spec), batches);
                yield new Side[]{steps -> { Nd4j.getMemoryManager().togglePeriodicGc(true); return a.run(steps); },
                        steps -> { Nd4j.getMemoryManager().togglePeriodicGc(false); return b.run(steps); }};
            }
            case "pooling" -> {
                // B: the pooling layers without DL4J's oneDNN subsampling helper (libnd4j's own pooling kernels)
                MultiLayerNetwork b = net(config, spec);
                for (var layer : b.getLayers()) {
                    if (layer instanceof org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer s) dropHelper(s);
                }
                yield new Side[]{fit(net(config, spec), batches(examples, pre, BATCH)), fit(b, batches(examples, pre, BATCH))};
            }
            case "onednn" -> {
                // B: libnd4j's oneDNN platform kernels off (matmul through OpenBLAS), for networks without conv layers
                List<DataSet> batches = batches(examples, pre, BATCH);
                Side a = fit(net(config, spec), batches), b = fit(net(config, spec), batches);
                yield new Side[]{steps -> { useOneDnn(true); return a.run(steps); },
                        steps -> { useOneDnn(false); try { return b.run(steps); } finally { useOneDnn(true); } }};
            }
            case "threads" -> {
                List<DataSet> batches = batches(examples, pre, BATCH);
                Side a = fit(net(config, spec), batches), b = fit(net(config, spec), batches);
                int n = CpuBackend.cores();
                yield new Side[]{steps -> { CpuBackend.useThreads(n); return a.run(steps); },
                        steps -> { CpuBackend.useThreads(1); try { return b.run(steps); } finally { CpuBackend.useThreads(n); } }};
            }
            default -> throw new IllegalArgumentException("unknown lever " + lever);
        };
    }

    static TrialConfig config(String model) {
        var b = TrialConfig.builder().model(ModelFamily.parse(model)).batchSize(BATCH).epochs(1).seed(7);
        return model.equals("mlp")
                ? b.layers(List.of(512, 256, 256)).activation(ActivationType.RELU).optimizer(OptimizerType.RMSPROP).learningRate(0.001).build()
                : b.optimizer(OptimizerType.ADAM).learningRate(0.001).build();
    }

    private static MultiLayerConfiguration conf(TrialConfig config, ImageSpec spec) {
        return switch (config.model()) {
            case MLP -> ModelFactory.mlp(config, spec, 10);
            case CNN -> ModelFactory.cnn(config, spec, 10);
            case CNN_BN -> ModelFactory.cnnBn(config, spec, 10);
            default -> throw new IllegalArgumentException("benchmark models: cnn, cnn-bn, mlp");
        };
    }

    private static MultiLayerNetwork net(TrialConfig config, ImageSpec spec) { return init(conf(config, spec)); }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** ModelFactory's cnn with channels-last layers and input. */
    private static MultiLayerConfiguration cnn(TrialConfig config, ImageSpec input, CNN2DFormat format) {
        return new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(config.seed()).updater(ModelFactory.updater(config))
                .weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER_UNIFORM).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).dataFormat(format).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(format).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).dataFormat(format).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(format).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).dataFormat(format).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(ModelFactory.output(10))
                .setInputType(InputType.convolutional(input.height(), input.width(), input.channels(), format)).build();
    }

    /** nd4j-native's Environment by name, as CpuBackend reads it: the -Pcuda build has no nd4j-native to compile against. */
    private static void useOneDnn(boolean on) {
        try {
            Class<?> environment = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
            environment.getMethod("setUseONEDNN", boolean.class).invoke(environment.getMethod("getInstance").invoke(null), on);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the onednn lever needs the CPU backend", e);
        }
    }

    private static void dropHelper(org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer layer) {
        try {
            var field = org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class.getDeclaredField("helper");
            field.setAccessible(true);
            field.set(layer, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 16 distinct batches as a trial assembles them, cycled through. */
    private static List<DataSet> batches(Examples examples, Preprocessor pre, int size) {
        List<DataSet> list = new ArrayList<>();
        for (DataSet d : Batches.training(examples, pre, 10, size, new Random(3), Augmentation.NONE)) {
            list.add(d);
            if (list.size() == 16) break;
        }
        return list;
    }

    private static Side fit(MultiLayerNetwork net, List<DataSet> batches) {
        int[] next = {0};
        return steps -> timed(steps, () -> {
            DataSet d = batches.get(next[0]++ % batches.size());
            net.fit(d);
            return d.numExamples();
        });
    }

    interface Step {
        int images();
    }

    private static Rate timed(int steps, Step step) {
        long start = System.nanoTime(), cpuStart = processCpuNanos(), images = 0;
        for (int i = 0; i < steps; i++) images += step.images();
        return new Rate(images / ((System.nanoTime() - start) / 1e9), images / ((processCpuNanos() - cpuStart) / 1e9));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The whole dataset normalised once into one [n, length] array; batches gather their rows from it. */
    record OneArray(INDArray features, INDArray labels, ImageSpec spec) {
        static OneArray of(Examples examples, Preprocessor pre, int classes) {
            int n = examples.size(), length = pre.spec().length();
            float[] x = new float[n * length], y = new float[n * classes];
            for (int i = 0; i < n; i++) {
                pre.normalize(examples.pixels()[i], x, i * length);
                y[i * classes + examples.labels()[i]] = 1f;
            }
            return new OneArray(Nd4j.create(x, new long[]{n, length}, 'c'), Nd4j.create(y, new long[]{n, classes}, 'c'), pre.spec());
        }

        Iterator<DataSet> shuffled(int batchSize, Random random) {
            int[] order = Batches.order((int) features.size(0), random);
            return new Iterator<>() {
                int next = 0;

                @Override public boolean hasNext() { return next < order.length; }

                @Override public DataSet next() {
                    int size = Math.min(batchSize, order.length - next);
                    int[] rows = Arrays.copyOfRange(order, next, next + size);
                    next += size;
                    INDArray x = Nd4j.pullRows(features, 1, rows).reshape('c', size, spec.channels(), spec.height(), spec.width());
                    return new DataSet(x, Nd4j.pullRows(labels, 1, rows));
                }
            };
        }
    }

    private static double load() { return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(); }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
