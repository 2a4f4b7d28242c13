package io.etiqueta.train;

import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.Examples;
import io.etiqueta.data.FashionMnist;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The CPU backend's speed levers are really in use, and change nothing a trial learns: the oneDNN path and
 * DL4J's built-in path (im2col + gemm) reach the same accuracy from the same seed, within run-to-run noise.
 */
class CpuBackendTest {
    static LoadedDataset fashion;
    @TempDir Path dir;

    /** 1,200 Fashion-MNIST training images (10% each held out for validation and test): real data, seconds to train. */
    @BeforeAll static void data() {
        CpuBackend.configure();
        LoadedDataset all = DatasetLoader.load(FashionMnist.locate(), new LoadOptions(null, null, false));
        Examples train = all.train().subset(IntStream.range(0, 1200).toArray());
        fashion = new LoadedDataset(all.source(), all.format(), all.classes(), all.spec(), train, null, "fashion-1200", List.of());
    }

    private static TrialConfig.Builder config(ModelFamily family) {
        return TrialConfig.builder().model(family).optimizer(OptimizerType.ADAM).learningRate(0.001).batchSize(32).epochs(2).seed(7);
    }

    @Test void theTrainingBuildLoadsOneDnnAndItsLayerHelpersAreUsed() {
        assertThat(System.getProperty(CpuBackend.EXTENSION_PROPERTY)).isEqualTo(CpuBackend.ONEDNN_AVX2);
        assertThat(CpuBackend.buildInformation()).contains("HAVE_ONEDNN");
        assertThat(CpuBackend.oneDnn()).isTrue();
        var net = (MultiLayerNetwork) ModelFactory.build(config(ModelFamily.CNN_BN).build(), fashion.spec(), 10);
        assertThat(net.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(net.getLayer(1).getHelper()).isInstanceOf(MKLDNNBatchNormHelper.class);
    }

    @Test void aTrialLearnsTheSameThroughOneDnnAsThroughTheBuiltInPath() {
        // cnn-bn runs the same conv helper plus the batch-norm one (checked above); the built-in path trains it too
        // slowly for the suite
        for (ModelFamily family : List.of(ModelFamily.CNN)) {
            TrialConfig config = config(family).build();
            TrialRecord builtIn = withHelpers(false, () -> run(config, "builtin-" + family.id()));
            TrialRecord oneDnn = withHelpers(true, () -> run(config, "onednn-" + family.id()));
            assertThat(builtIn.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(oneDnn.state()).isEqualTo(TrialState.COMPLETE);
            // both learn (chance is 0.1) ...
            assertThat(builtIn.test().accuracy()).as(family + " built-in").isGreaterThan(0.5);
            assertThat(oneDnn.test().accuracy()).as(family + " oneDNN").isGreaterThan(0.5);
            // ... and agree within the noise of 120 test images (one standard deviation is about 0.04)
            assertThat(oneDnn.test().accuracy()).as(family + " accuracy").isCloseTo(builtIn.test().accuracy(), within(0.1));
            assertThat(oneDnn.best().orElseThrow().valLoss()).as(family + " val_loss")
                    .isCloseTo(builtIn.best().orElseThrow().valLoss(), within(0.25));
        }
    }

    @Test void eachTrialUsesItsShareOfTheCoresInItsOwnThread() throws Exception {
        assertThat(CpuBackend.threadsPerTrial(1)).isEqualTo(CpuBackend.cores());
        assertThat(CpuBackend.threadsPerTrial(CpuBackend.cores())).isEqualTo(1);
        assertThat(CpuBackend.threadsPerTrial(CpuBackend.cores() * 4)).isEqualTo(1);
        var pool = Executors.newSingleThreadExecutor();
        try {
            int omp = pool.submit((Callable<Integer>) () -> {
                CpuBackend.useThreads(1);
                return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
            }).get();
            assertThat(omp).isEqualTo(1);
            assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
            assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
        } finally {
            pool.shutdown();
            CpuBackend.useThreads(CpuBackend.cores());
        }
        LocalTrialEngine engine = new LocalTrialEngine(Stores.open(dir.toString()), EngineSettings.defaults(), (p, o) -> fashion, l -> {});
        engine.concurrentTrials(2);
        engine.run(new io.etiqueta.train.TrialRequest("t", null, 0, "fashion", config(ModelFamily.MLP).epochs(1).build()), EpochObserver.NONE);
        assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(CpuBackend.threadsPerTrial(2));
        CpuBackend.useThreads(CpuBackend.cores());
    }

    private TrialRecord run(TrialConfig config, String name) {
        LocalTrialEngine engine = new LocalTrialEngine(Stores.open(dir.resolve(name).toString()), EngineSettings.defaults(), (p, o) -> fashion, l -> {});
        return engine.run(new TrialRequest(name, null, 0, "fashion", config), EpochObserver.NONE);
    }

    /** DL4J reads the switch when a network is built, so one JVM can build networks with and without helpers. */
    private static <T> T withHelpers(boolean on, Callable<T> body) {
        String before = System.getProperty(CpuBackend.HELPERS_DISABLE_PROPERTY);
        System.setProperty(CpuBackend.HELPERS_DISABLE_PROPERTY, Boolean.toString(!on));
        try {
            return body.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            if (before == null) System.clearProperty(CpuBackend.HELPERS_DISABLE_PROPERTY);
            else System.setProperty(CpuBackend.HELPERS_DISABLE_PROPERTY, before);
        }
    }
}
