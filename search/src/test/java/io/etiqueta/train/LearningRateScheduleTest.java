package io.etiqueta.train;

import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.LearningRateSchedule;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Learning-rate schedules: the rate the network trains with, and that a budget-shrunk trial decays to its new end. */
class LearningRateScheduleTest {
    static LoadedDataset data;
    @TempDir Path dir;

    @BeforeAll static void data() { data = SyntheticData.colours(60, 12, 3); }

    private static TrialConfig.Builder config(LearningRateSchedule schedule) {
        return TrialConfig.builder().model(ModelFamily.MLP).layers(List.of(32)).optimizer(OptimizerType.ADAM).learningRate(0.01)
                .lrSchedule(schedule).batchSize(16).epochs(4).seed(5);
    }

    private TrialRecord run(String id, TrialConfig config, EpochObserver observer, Integer epochLimit) {
        LocalTrialEngine engine = new LocalTrialEngine(Stores.open(dir.resolve(id).toString()), EngineSettings.defaults(), (p, o) -> data, l -> {});
        return engine.run(new TrialRequest(id, null, 0, "s", config, epochLimit), observer);
    }

    private static List<Double> valLosses(TrialRecord r) { return r.epochs().stream().map(EpochMetrics::valLoss).toList(); }

    @Test void factorsRunFromTheConfiguredRateToZero() {
        assertThat(LearningRateSchedule.CONSTANT.factor(0.7)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.LINEAR.factor(0)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.LINEAR.factor(0.25)).isEqualTo(0.75);
        assertThat(LearningRateSchedule.LINEAR.factor(1)).isEqualTo(0.0);
        assertThat(LearningRateSchedule.COSINE.factor(0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(LearningRateSchedule.COSINE.factor(0.25)).isGreaterThan(LearningRateSchedule.LINEAR.factor(0.25));
        assertThat(LearningRateSchedule.COSINE.factor(2)).isCloseTo(0.0, within(1e-12)); // past the end: held at zero
        assertThat(LearningRateSchedule.parse("Cosine")).isEqualTo(LearningRateSchedule.COSINE);
    }

    @Test void theNetworkTrainsAtTheScheduledRate() {
        TrialConfig c = config(LearningRateSchedule.LINEAR).build();
        MultiLayerNetwork net = (MultiLayerNetwork) ModelFactory.build(c, ImageSpec.of(4, 4, ColorMode.GRAY), 2);
        net.fit(new DataSet(Nd4j.rand(8, 16), Nd4j.eye(2).repeat(0, 4))); // the updater exists once the network has trained
        Trainer.RateSchedule rate = new Trainer.RateSchedule(net, 0.01, LearningRateSchedule.LINEAR, 200);
        var moments = net.getUpdater().getStateViewArray().dup();
        for (int i = 0; i <= 100; i++) rate.before(i);
        assertThat(net.getUpdater().getStateViewArray()).as("Adam's moments survive a new rate").isEqualTo(moments);
        assertThat(net.getLearningRate(0)).isCloseTo(0.005, within(0.0001));
        assertThat(net.getLearningRate(1)).isCloseTo(0.005, within(0.0001));
        for (int i = 101; i < 200; i++) rate.before(i);
        assertThat(net.getLearningRate(0)).isLessThan(0.0002);
    }

    @Test void aConstantScheduleNeverTouchesTheNetwork() {
        TrialConfig c = config(LearningRateSchedule.CONSTANT).build();
        MultiLayerNetwork net = (MultiLayerNetwork) ModelFactory.build(c, ImageSpec.of(4, 4, ColorMode.GRAY), 2);
        Trainer.RateSchedule rate = new Trainer.RateSchedule(net, 0.01, LearningRateSchedule.CONSTANT, 10);
        for (int i = 0; i < 10; i++) rate.before(i);
        assertThat(net.getLearningRate(0)).isEqualTo(0.01);
    }

    @Test void aTrialTheBudgetShrinksDecaysToItsNewEnd() {
        // shrunk to 2 of 4 epochs: it learns what a 2-epoch trial learns, not the first half of a 4-epoch decay
        TrialRecord shrunk = run("shrunk", config(LearningRateSchedule.LINEAR).build(), EpochObserver.NONE, 2);
        TrialRecord twoEpochs = run("two", config(LearningRateSchedule.LINEAR).epochs(2).build(), EpochObserver.NONE, null);
        EpochObserver stopAfterTwo = new EpochObserver() {
            int epochs;
            @Override public String afterEpoch(List<EpochMetrics> soFar) { epochs = soFar.size(); return null; }
            @Override public String stopNow() { return epochs >= 2 ? "test stop" : null; }
        };
        TrialRecord firstHalf = run("half", config(LearningRateSchedule.LINEAR).build(), stopAfterTwo, null);
        TrialRecord constant = run("constant", config(LearningRateSchedule.CONSTANT).build(), EpochObserver.NONE, 2);

        assertThat(shrunk.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(shrunk.epochs()).hasSize(2);
        assertThat(valLosses(shrunk)).containsExactlyElementsOf(valLosses(twoEpochs));
        assertThat(firstHalf.epochs()).hasSize(2);
        assertThat(valLosses(firstHalf).get(0)).isNotEqualTo(valLosses(shrunk).get(0));
        assertThat(valLosses(constant).get(0)).isNotEqualTo(valLosses(shrunk).get(0));
        assertThat(shrunk.config().lrSchedule()).isEqualTo(LearningRateSchedule.LINEAR);
    }
}
