package io.etiqueta.train;

import io.etiqueta.errors.Failures;
import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.BundleManifest;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.bundle.Provenance;
import io.etiqueta.bundle.Architecture;
import io.etiqueta.data.DatasetException;
import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.data.Split;
import io.etiqueta.data.Splits;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.trial.Augmentation;
import io.etiqueta.trial.CrossValidation;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import io.etiqueta.trial.Timing;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs trials in this JVM: the engine behind {@code etiqueta train} and the local search executor. */
public final class LocalTrialEngine implements TrialEngine {
    public static final String DL4J_VERSION = "1.0.0-M2.1";

    private final Store store;
    private volatile EngineSettings settings;
    private final DatasetProvider datasets;
    private final Consumer<String> log;
    private final FeatureCache features;

    public LocalTrialEngine(Store store, EngineSettings settings, DatasetProvider datasets, Consumer<String> log) {
        CpuBackend.configure();
        this.store = store;
        this.settings = settings;
        this.datasets = datasets;
        this.log = log;
        this.features = new FeatureCache(store, log);
    }

    /**
     * The engine a search on the command line trains with: default settings, one dataset cache shared by its
     * trials, the engine's lines on stderr only with {@code -Detiqueta.verbose=true}.
     */
    public static LocalTrialEngine forSearch(Store store) {
        return new LocalTrialEngine(store, EngineSettings.defaults(), io.etiqueta.data.Datasets::load,
                line -> { if (Boolean.getBoolean("etiqueta.verbose")) System.err.println(line); });
    }

    /**
     * Trains the trial; the record names the backend and device that trained it. A backend that cannot load (the CUDA
     * build without a GPU) is not the trial's fault: it is thrown ({@link BackendUnavailableException}), not recorded.
     */
    @Override
    public void concurrentTrials(int trials) { settings = settings.forWorkers(trials); }

    @Override
    public String backend() { return Backend.describe(); }

    @Override
    public TrialRecord run(TrialRequest request, EpochObserver observer) {
        String backend = Backend.describe();
        return train(request, observer).withBackend(backend);
    }

    private TrialRecord train(TrialRequest request, EpochObserver observer) {
        Instant started = Instant.now();
        EngineSettings settings = this.settings;
        CpuBackend.useThreads(settings.threads());
        TrialConfig config = request.config();
        long t0 = System.nanoTime();
        LoadedDataset data = null;
        try {
            data = datasets.load(Path.of(request.dataset()), new LoadOptions(config.imageSize(), config.color(), settings.skipBadFiles()));
            if (config.model() == ModelFamily.VGG16) {
                ImageSpec vgg = ModelFactory.inputSpec(config, data.spec());
                if (config.imageSize() != null && config.imageSize() != vgg.width()) {
                    throw new IllegalArgumentException("vgg16 takes " + vgg.width() + "x" + vgg.height() + " images; leave out the image size");
                }
                // VGG16's pretrained weights expect 224x224 RGB: convert and resize
                if (data.spec().width() != vgg.width() || data.spec().height() != vgg.height() || data.spec().color() != ColorMode.RGB) {
                    data = datasets.load(Path.of(request.dataset()), new LoadOptions(vgg.width(), ColorMode.RGB, settings.skipBadFiles()));
                }
            }
            ImageSpec spec = ModelFactory.inputSpec(config, data.spec());
            Split split = Splits.of(data, settings.validationFraction(), settings.testFraction(), config.seed());
            if (split.train().size() == 0 || split.validation().size() == 0 || split.test().size() == 0) {
                throw new DatasetException("dataset " + request.dataset() + " is too small to split into train, validation and test ("
                        + data.train().size() + " examples)");
            }
            List<String> labels = data.classes();
            Preprocessor preprocessor = new Preprocessor(spec);
            Inputs inputs = inputs(config, data, preprocessor, labels.size());
            double dataSeconds = (System.nanoTime() - t0) / 1e9;
            log.accept(String.format("trial %s: %s on %s (%d train, %d validation, %d test, %s)", request.trialId(), config.summary(),
                    request.dataset(), split.train().size(), split.validation().size(), split.test().size(), spec));
            Model served = inputs.newModel(config);
            Architecture architecture = Architectures.of(served, spec);
            Architectures.table(architecture).forEach(log);
            long parameters = served.numParams();
            CrossValidation cv = null;
            TrialConfig trained = config;
            Trainer.Outcome outcome;
            if (config.folds() != null) {
                Examples pool = Splits.join(split.train(), split.validation());
                cv = crossValidate(request, config, pool, inputs, labels.size());
                if (cv == null) return failed(request, data, started, t0, "a fold of the cross-validation did not finish (see the log)");
                trained = config.toBuilder().epochs(cv.chosenEpochs()).patience(null).build();
                log.accept(String.format("trial %s: final fit on all %d training images for %d epochs (the folds' median best epoch)",
                        request.trialId(), pool.size(), cv.chosenEpochs()));
                outcome = new Trainer(log, true).train(inputs.trainable(served), inputs.set(pool, trained.augmentation()),
                        inputs.set(pool, Augmentation.NONE), trained, EpochObserver.NONE);
            } else {
                outcome = new Trainer(log).train(inputs.trainable(served), inputs.set(split.train(), config.augmentation()),
                        inputs.set(split.validation(), Augmentation.NONE), config, observer, request.effectiveEpochLimit());
            }
            inputs.finish(served);
            double trainSeconds = outcome.trainSeconds() - outcome.batchSeconds();
            dataSeconds += outcome.batchSeconds();
            Double imagesPerSecond = outcome.trainSeconds() > 0 ? outcome.imagesTrained() / outcome.trainSeconds() : null;
            String stopReason = cv == null ? outcome.stopReason()
                    : "cross-validated (" + cv.folds() + " folds), then trained on all training images for " + cv.chosenEpochs() + " epochs";
            TrialRecord record = new TrialRecord(request.trialId(), request.searchId(), request.number(), outcome.state(), config,
                    request.dataset(), labels, outcome.epochs(), outcome.bestEpoch(), stopReason, null, parameters,
                    new Timing(dataSeconds, trainSeconds, 0, 0), imagesPerSecond, null, outcome.error(), started, null, null, null, cv)
                    .withCheckpoints(outcome.checkpoints(), request.effectiveEpochLimit());
            if (outcome.state() != TrialState.COMPLETE || outcome.bestEpoch() == null) {
                return record.withState(outcome.state() == TrialState.COMPLETE ? TrialState.FAILED : outcome.state(),
                        outcome.stopReason(), outcome.error(), Instant.now());
            }
            long t1 = System.nanoTime();
            Evaluation.Result evaluation = Evaluation.evaluate(inputs.trainable(served), inputs.set(split.test(), Augmentation.NONE), served,
                    split.test(), preprocessor, labels, settings.galleryPerKind());
            double evaluateSeconds = (System.nanoTime() - t1) / 1e9;
            log.accept(String.format("trial %s: test accuracy %.4f, loss %.4f, macro F1 %.4f", request.trialId(),
                    evaluation.metrics().accuracy(), evaluation.metrics().loss(), evaluation.metrics().macro().f1()));
            record = new TrialRecord(record.id(), record.searchId(), record.number(), TrialState.COMPLETE, config, request.dataset(),
                    labels, outcome.epochs(), outcome.bestEpoch(), stopReason, evaluation.metrics(), parameters,
                    new Timing(dataSeconds, trainSeconds, evaluateSeconds, 0), imagesPerSecond, null, null, started, null, null, null, cv)
                    .withCheckpoints(outcome.checkpoints(), request.effectiveEpochLimit());
            long t2 = System.nanoTime();
            String bundleKey = StoreLayout.bundle(request.searchId(), request.trialId());
            BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, modelId(request), Instant.now(),
                    BundleIO.networkType(served), labels, spec, config, parameters,
                    record.best().map(e -> e.valAccuracy()).orElse(null), evaluation.metrics(),
                    new Provenance(request.dataset(), data.fingerprint(), config.seed(), request.trialId(), request.searchId(),
                            version(), DL4J_VERSION, System.getProperty("java.version"), host()), architecture);
            storeBundle(new ModelBundle(manifest, served), bundleKey);
            store.put(StoreLayout.examples(request.searchId(), request.trialId()), Json.bytes(evaluation.examples()));
            double storeSeconds = (System.nanoTime() - t2) / 1e9;
            return record.withBundleKey(bundleKey)
                    .withTiming(record.timing().withStoreSeconds(storeSeconds))
                    .withState(TrialState.COMPLETE, stopReason, null, Instant.now());
        } catch (TrialFailure | DatasetException | StoreException | IllegalArgumentException e) {
            return failed(request, data, started, t0, Failures.describe(e));
        } catch (OutOfMemoryError e) {
            return failed(request, data, started, t0, "out of memory: " + Failures.describe(e) + " (try a smaller batch, model or image size)");
        } catch (RuntimeException e) {
            return failed(request, data, started, t0, "crashed: " + e);
        }
    }

    /**
     * k-fold cross-validation on the training pool: one model per fold, trained on the other folds and validated
     * on it, each keeping its best epoch. Returns null when a fold does not finish (diverges, fails).
     */
    private CrossValidation crossValidate(TrialRequest request, TrialConfig config, Examples pool, Inputs inputs, int classes) {
        Examples[] folds = Splits.folds(pool, classes, config.folds(), config.seed());
        List<CrossValidation.Fold> results = new ArrayList<>();
        for (int k = 0; k < folds.length; k++) {
            Examples[] others = new Examples[folds.length - 1];
            for (int j = 0, o = 0; j < folds.length; j++) if (j != k) others[o++] = folds[j];
            Examples train = Splits.join(others);
            log.accept(String.format("trial %s: fold %d/%d (%d train, %d validation)", request.trialId(), k + 1, folds.length,
                    train.size(), folds[k].size()));
            Model model = inputs.newTrainable(config);
            Trainer.Outcome outcome = new Trainer(log).train(model, inputs.set(train, config.augmentation()),
                    inputs.set(folds[k], Augmentation.NONE), config, EpochObserver.NONE);
            if (outcome.state() != TrialState.COMPLETE || outcome.bestEpoch() == null) {
                log.accept("fold " + (k + 1) + " ended: " + outcome.stopReason());
                return null;
            }
            EpochMetrics best = outcome.epochs().stream().filter(e -> e.epoch() == outcome.bestEpoch()).findFirst().orElseThrow();
            results.add(new CrossValidation.Fold(k + 1, train.size(), folds[k].size(), outcome.bestEpoch(), outcome.epochs().size(),
                    best.accuracy(), best.loss(), best.valAccuracy(), best.valLoss()));
            log.accept(String.format("fold %d/%d: best epoch %d, val_accuracy %.4f, val_loss %.4f", k + 1, folds.length,
                    outcome.bestEpoch(), best.valAccuracy(), best.valLoss()));
        }
        CrossValidation cv = CrossValidation.of(results);
        log.accept(String.format("cross-validation: val_accuracy %.4f +- %.4f, val_loss %.4f +- %.4f over %d folds; final epochs %d",
                cv.meanValAccuracy(), cv.stdValAccuracy(), cv.meanValLoss(), cv.stdValLoss(), cv.folds(), cv.chosenEpochs()));
        return cv;
    }

    /** The images, or for a frozen base the features it computed once (from the store's cache). */
    private Inputs inputs(TrialConfig config, LoadedDataset data, Preprocessor preprocessor, int classes) {
        if (!config.model().frozenBase()) return new Inputs(null, null, preprocessor, classes);
        FrozenBase base = Vgg16Transfer.base(config);
        return new Inputs(base, features.features(base, data), preprocessor, classes);
    }

    /**
     * What a trial trains: the whole network on images, or, with a frozen base, only the head on the base's cached
     * features (the complete network, base and head, is what gets evaluated for latency and bundled).
     */
    private static final class Inputs {
        private final FrozenBase base;
        private final FeatureCache.Featurised featurised;
        private final Preprocessor preprocessor;
        private final int classes;
        private ComputationGraph head;

        Inputs(FrozenBase base, FeatureCache.Featurised featurised, Preprocessor preprocessor, int classes) {
            this.base = base;
            this.featurised = featurised;
            this.preprocessor = preprocessor;
            this.classes = classes;
        }

        TrainingSet set(Examples examples, Augmentation augmentation) {
            return base == null ? new TrainingSet.Images(examples, preprocessor, classes, augmentation) : featurised.of(examples, classes);
        }

        /** The complete network with freshly initialised trainable weights. */
        Model newModel(TrialConfig config) {
            if (base == null) return ModelFactory.build(config, preprocessor.spec(), classes);
            head = Vgg16Transfer.head(config, classes);
            return Vgg16Transfer.assemble(base, head, config);
        }

        /** A fresh network to train (a fold's): the whole network, or the head alone. */
        Model newTrainable(TrialConfig config) {
            return base == null ? ModelFactory.build(config, preprocessor.spec(), classes) : Vgg16Transfer.head(config, classes);
        }

        /** The network training updates: the served one itself, or the head alone. */
        Model trainable(Model served) { return base == null ? served : head; }

        /** Puts the trained head's weights into the complete network. */
        void finish(Model served) {
            if (base != null) Vgg16Transfer.copyHead(head, (ComputationGraph) served);
        }
    }

    private void storeBundle(ModelBundle bundle, String key) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("etiqueta-bundle", ".etq");
            BundleIO.write(bundle, tmp);
            store.put(key, tmp);
        } catch (IOException e) {
            throw new TrialFailure("cannot write the model bundle: " + Failures.describe(e), e);
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* temp file */ }
        }
    }

    private TrialRecord failed(TrialRequest request, LoadedDataset data, Instant started, long t0, String error) {
        log.accept("trial " + request.trialId() + " failed: " + error);
        return new TrialRecord(request.trialId(), request.searchId(), request.number(), TrialState.FAILED, request.config(),
                request.dataset(), data == null ? List.of() : data.classes(), List.of(), null, "failed", null, null,
                new Timing((System.nanoTime() - t0) / 1e9, 0, 0, 0), null, null, error, started, Instant.now());
    }

    private static String modelId(TrialRequest request) {
        return request.searchId() == null ? request.trialId() : request.searchId() + ":" + request.trialId();
    }

    static String version() {
        String v = LocalTrialEngine.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
