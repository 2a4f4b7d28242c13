package io.etiqueta.train;

import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.data.Splits;
import io.etiqueta.data.TestData;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.CrossValidation;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** k-fold cross-validation on real CIFAR-10 JPEGs: stratified folds from the seed, K results, their mean and spread. */
class CrossValidationTest {
    @TempDir Path dir;

    @Test void foldsAreStratifiedDisjointAndComeFromTheSeed() {
        int n = 103;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 4 == 3 ? 2 : i % 2; // unequal classes
        Examples pool = new Examples(new byte[n][1], labels);
        for (int i = 0; i < n; i++) pool.pixels()[i][0] = (byte) i;
        Examples[] folds = Splits.folds(pool, 3, 5, 9);
        assertThat(folds).hasSize(5);
        Set<Byte> seen = new HashSet<>();
        int[] total = pool.countsPerClass(3);
        for (Examples fold : folds) {
            for (byte[] p : fold.pixels()) assertThat(seen.add(p[0])).as("in one fold only").isTrue();
            int[] counts = fold.countsPerClass(3);
            for (int c = 0; c < 3; c++) assertThat((double) counts[c]).isCloseTo(total[c] / 5.0, within(1.0));
        }
        assertThat(seen).hasSize(n);
        assertThat(Arrays.stream(Splits.folds(pool, 3, 5, 9)).map(f -> Arrays.toString(f.labels())).toList())
                .isEqualTo(Arrays.stream(folds).map(f -> Arrays.toString(f.labels())).toList());
        assertThat(Arrays.stream(Splits.folds(pool, 3, 5, 10)).map(f -> f.pixels()[0][0]).toList())
                .isNotEqualTo(Arrays.stream(folds).map(f -> f.pixels()[0][0]).toList());
    }

    @Test void aCrossValidatedTrialRecordsEveryFoldWithTheMeanAndSpreadAndTrainsTheFinalModelForTheChosenEpochs() {
        Path folder = TestData.cifarClassFolders(dir.resolve("cifar"), 20, "airplane", "automobile", "frog");
        LoadedDataset data = DatasetLoader.load(folder, new LoadOptions(16, null, false));
        Store store = Stores.open(dir.resolve("store").toString());
        List<String> log = new ArrayList<>();
        LocalTrialEngine engine = new LocalTrialEngine(store, EngineSettings.defaults(), (path, options) -> data, log::add);
        TrialConfig config = TrialConfig.builder().model(ModelFamily.MLP).layers(List.of(32)).learningRate(0.003)
                .batchSize(16).epochs(4).seed(3).folds(3).build();

        TrialRecord record = engine.run(new TrialRequest("cv", null, 0, folder.toString(), config), EpochObserver.NONE);

        assertThat(record.state()).as(record.error()).isEqualTo(TrialState.COMPLETE);
        CrossValidation cv = record.crossValidation();
        assertThat(cv.folds()).isEqualTo(3);
        assertThat(cv.results()).hasSize(3).extracting(CrossValidation.Fold::fold).containsExactly(1, 2, 3);
        int pool = 60 - record.test().examples();
        assertThat(cv.results()).allSatisfy(f -> {
            assertThat(f.trainSize() + f.validationSize()).isEqualTo(pool);
            assertThat(f.validationSize()).isBetween(pool / 3 - 1, pool / 3 + 1);
            assertThat(f.valAccuracy()).isBetween(0.0, 1.0);
            assertThat(f.bestEpoch()).isBetween(1, 4);
        });
        double[] acc = cv.results().stream().mapToDouble(CrossValidation.Fold::valAccuracy).toArray();
        double mean = Arrays.stream(acc).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / acc.length);
        assertThat(cv.meanValAccuracy()).isCloseTo(mean, within(1e-12));
        assertThat(cv.stdValAccuracy()).isCloseTo(std, within(1e-12));
        double meanLoss = cv.results().stream().mapToDouble(CrossValidation.Fold::valLoss).average().orElseThrow();
        assertThat(cv.meanValLoss()).isCloseTo(meanLoss, within(1e-12));
        int[] best = cv.results().stream().mapToInt(CrossValidation.Fold::bestEpoch).sorted().toArray();
        assertThat(cv.chosenEpochs()).isEqualTo(best[1]);
        // the final model: all training data, the folds' epoch count, and the search objective reads the folds' mean
        assertThat(record.epochs()).hasSize(cv.chosenEpochs());
        assertThat(record.metric("cv_accuracy")).hasValue(mean);
        assertThat(record.metric("val_accuracy")).hasValue(mean);
        assertThat(record.bundleKey()).isNotNull();
        // the record keeps all of it
        TrialRecord read = Json.read(Json.bytes(record), TrialRecord.class);
        assertThat(read.crossValidation()).isEqualTo(cv);
        assertThat(read.config().folds()).isEqualTo(3);
    }
}
