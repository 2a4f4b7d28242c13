package io.etiqueta.train;

import io.etiqueta.data.Split;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.Augmentation;
import io.etiqueta.trial.LearningRateSchedule;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialState;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The training loop of one trial: epochs of shuffled (seeded) mini-batches, then the notebooks' four numbers
 * per epoch, early stopping on val_loss with the best weights kept (Keras' restore_best_weights), a time limit,
 * pruning by an observer, and divergence detection (NaN/infinite or exploding loss ends the trial as failed).
 *
 * <p>accuracy and loss are measured at the end of each epoch in inference mode on a fixed sample of up to
 * {@value #TRAIN_SAMPLE} training examples, so they compare directly with val_accuracy and val_loss.
 */
final class Trainer {
    static final int TRAIN_SAMPLE = 5000;
    /** A batch loss this many times the first one means the trial has exploded. */
    private static final double EXPLOSION_FACTOR = 1000;

    record Outcome(TrialState state, List<EpochMetrics> epochs, Integer bestEpoch, String stopReason, String error,
                   double trainSeconds, double batchSeconds, long imagesTrained, List<Checkpoint> checkpoints) {}

    private final Consumer<String> log;
    private final boolean keepLastEpoch;

    Trainer(Consumer<String> log) { this(log, false); }

    /**
     * @param keepLastEpoch keep the last epoch's weights rather than the best val_loss's: for a final fit on all the
     *                      training data, whose epoch count cross-validation already chose
     */
    Trainer(Consumer<String> log, boolean keepLastEpoch) {
        this.log = log;
        this.keepLastEpoch = keepLastEpoch;
    }

    Outcome train(Model model, Split split, Preprocessor preprocessor, int classes, TrialConfig config, EpochObserver observer) {
        return train(model, split, preprocessor, classes, config, observer, null);
    }

    /**
     * Trains one trial. {@code epochLimit} (null: the configured epochs) stops it earlier as complete: the search
     * shrinks a trial that its time budget cannot fit.
     */
    Outcome train(Model model, Split split, Preprocessor preprocessor, int classes, TrialConfig config, EpochObserver observer,
                  Integer epochLimit) {
        return train(model, new TrainingSet.Images(split.train(), preprocessor, classes, config.augmentation()),
                new TrainingSet.Images(split.validation(), preprocessor, classes, Augmentation.NONE), config, observer, epochLimit);
    }

    /** Trains on {@code train}, choosing the epoch on {@code validation}: images, or a frozen base's cached features. */
    Outcome train(Model model, TrainingSet train, TrainingSet validation, TrialConfig config, EpochObserver observer) {
        return train(model, train, validation, config, observer, null);
    }

    Outcome train(Model model, TrainingSet train, TrainingSet validation, TrialConfig config, EpochObserver observer,
                  Integer epochLimit) {
        Nd4j.getRandom().setSeed(config.seed()); // dropout masks
        int maxEpochs = epochLimit == null ? config.epochs() : Math.min(epochLimit, config.epochs());
        int batchesPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        List<Double> checkpointsDue = observer.checkpoints().stream().filter(r -> r > 0 && r < maxEpochs && r != Math.rint(r))
                .sorted().toList();
        List<Checkpoint> checkpoints = new ArrayList<>();
        int nextCheckpoint = 0;
        Random order = new Random(config.seed());
        TrainingSet trainSample = sample(train, TRAIN_SAMPLE, config.seed());
        List<EpochMetrics> epochs = new ArrayList<>();
        INDArray bestParams = null;
        double bestValLoss = Double.POSITIVE_INFINITY;
        Integer bestEpoch = null;
        int sinceImprovement = 0;
        long started = System.nanoTime(), batchNanos = 0, images = 0;
        Double limitSeconds = config.maxMinutes() == null ? null : config.maxMinutes() * 60;
        double firstLoss = Double.NaN;
        String stopReason = epochLimit != null && maxEpochs < config.epochs()
                ? "budget: shrunk to " + maxEpochs + " of " + config.epochs() + " epochs to finish within the time budget"
                : "max epochs (" + config.epochs() + ")";
        TrialState state = TrialState.COMPLETE;
        // decays over the epochs this trial will train: a trial the budget shrank anneals to its new end
        RateSchedule rate = new RateSchedule(model, config.learningRate(), config.lrSchedule(), (long) maxEpochs * batchesPerEpoch);
        long batchesTrained = 0;
        epochs:
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            long epochStart = System.nanoTime();
            Iterator<DataSet> batches = train.shuffled(config.batchSize(), order).iterator();
            int batchesDone = 0;
            while (batches.hasNext()) {
                long t = System.nanoTime();
                DataSet batch = batches.next();
                batchNanos += System.nanoTime() - t;
                rate.before(batchesTrained++);
                Networks.fit(model, batch);
                images += batch.numExamples();
                double loss = model.score();
                if (Double.isNaN(firstLoss)) firstLoss = loss;
                if (!Double.isFinite(loss)) {
                    return diverged(epochs, bestEpoch, "loss is " + loss + " at epoch " + epoch, started, batchNanos, images, model, bestParams);
                }
                if (loss > EXPLOSION_FACTOR * Math.max(firstLoss, 1e-3)) {
                    return diverged(epochs, bestEpoch, String.format("loss exploded to %.3g at epoch %d (first batch: %.3g)", loss, epoch, firstLoss),
                            started, batchNanos, images, model, bestParams);
                }
                batchesDone++;
                // a checkpoint part-way through this epoch: score only (no weights, batch order or random stream touched)
                while (nextCheckpoint < checkpointsDue.size()
                        && checkpointsDue.get(nextCheckpoint) <= epoch - 1 + (double) batchesDone / batchesPerEpoch + 1e-9) {
                    double resource = checkpointsDue.get(nextCheckpoint++);
                    if (resource <= epoch - 1) continue;
                    Scores val = Scoring.score(model, validation, config.batchSize(), false);
                    Checkpoint c = new Checkpoint(resource, val.loss(), val.accuracy(), (System.nanoTime() - started) / 1e9);
                    checkpoints.add(c);
                    log.accept(String.format("at %s epochs  val_loss %.4f  val_accuracy %.4f", Checkpoint.format(resource), c.valLoss(), c.valAccuracy()));
                    String prune = observer.atCheckpoint(List.copyOf(checkpoints), List.copyOf(epochs));
                    if (prune != null) {
                        state = TrialState.PRUNED;
                        stopReason = "pruned at " + Checkpoint.format(resource) + " epochs: " + prune;
                        break epochs;
                    }
                    String stop = observer.stopNow();
                    if (stop != null) {
                        if (epochs.isEmpty()) state = TrialState.PRUNED; // no whole epoch: no weights worth keeping
                        stopReason = "stopped at " + Checkpoint.format(resource) + " epochs: " + stop;
                        break epochs;
                    }
                }
                String halt = batches.hasNext() ? observer.haltNow() : null; // after an epoch's last batch its end measures first
                if (halt != null) {
                    if (epochs.isEmpty()) state = TrialState.PRUNED;
                    stopReason = String.format(java.util.Locale.ROOT, "stopped at %.2f epochs: %s", epoch - 1 + (double) batchesDone / batchesPerEpoch, halt);
                    break epochs;
                }
            }
            Scores trained = Scoring.score(model, trainSample, config.batchSize(), false);
            Scores val = Scoring.score(model, validation, config.batchSize(), false);
            if (!Double.isFinite(val.loss()) || !Double.isFinite(trained.loss())) {
                return diverged(epochs, bestEpoch, "validation loss is " + val.loss() + " at epoch " + epoch, started, batchNanos, images, model, bestParams);
            }
            EpochMetrics metrics = new EpochMetrics(epoch, trained.loss(), trained.accuracy(), val.loss(), val.accuracy(),
                    (System.nanoTime() - epochStart) / 1e9);
            epochs.add(metrics);
            log.accept(String.format("epoch %d/%d  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f  %.1fs",
                    epoch, config.epochs(), metrics.loss(), metrics.accuracy(), metrics.valLoss(), metrics.valAccuracy(), metrics.seconds()));
            if (keepLastEpoch || val.loss() < bestValLoss - config.minDelta()) {
                bestValLoss = val.loss();
                bestEpoch = epoch;
                bestParams = model.params().dup();
                sinceImprovement = 0;
            } else {
                sinceImprovement++;
                if (bestEpoch == null) { bestEpoch = epoch; bestParams = model.params().dup(); }
            }
            String prune = observer.afterEpoch(List.copyOf(epochs));
            if (prune != null) {
                state = TrialState.PRUNED;
                stopReason = "pruned at epoch " + epoch + ": " + prune;
                break;
            }
            String stop = observer.stopNow();
            if (stop != null && epoch < maxEpochs) {
                stopReason = "stopped at epoch " + epoch + ": " + stop;
                break;
            }
            if (config.patience() != null && sinceImprovement >= config.patience()) {
                stopReason = "early stopping at epoch " + epoch + ": val_loss did not improve for " + config.patience() + " epochs";
                break;
            }
            if (limitSeconds != null && (System.nanoTime() - started) / 1e9 >= limitSeconds && epoch < maxEpochs) {
                stopReason = "time limit (" + config.maxMinutes() + " min) after epoch " + epoch;
                break;
            }
        }
        if (bestParams != null) model.setParams(bestParams);
        return new Outcome(state, epochs, bestEpoch, stopReason, null, (System.nanoTime() - started) / 1e9, batchNanos / 1e9, images,
                checkpoints);
    }

    private Outcome diverged(List<EpochMetrics> epochs, Integer bestEpoch, String why, long started, long batchNanos, long images,
                             Model model, INDArray bestParams) {
        log.accept("diverged: " + why);
        if (bestParams != null) model.setParams(bestParams);
        return new Outcome(TrialState.FAILED, epochs, bestEpoch, "diverged: " + why, "diverged: " + why,
                (System.nanoTime() - started) / 1e9, batchNanos / 1e9, images, List.of());
    }

    /**
     * Moves the network's learning rate along its schedule. The rate is set only when it has moved by 1 % of the
     * configured one (about a hundred times over a run: setting it rebuilds the updater's view, not its state); a
     * constant schedule never touches the network, so it trains exactly as before schedules existed.
     */
    static final class RateSchedule {
        private final Model model;
        private final double base;
        private final LearningRateSchedule schedule;
        private final long plannedBatches;
        private double current;

        RateSchedule(Model model, double base, LearningRateSchedule schedule, long plannedBatches) {
            this.model = model;
            this.base = base;
            this.schedule = schedule;
            this.plannedBatches = Math.max(1, plannedBatches);
            this.current = base;
        }

        /** Before training batch {@code index} (0-based over the whole run). */
        void before(long index) {
            if (schedule == LearningRateSchedule.CONSTANT) return;
            double next = base * schedule.factor((double) index / plannedBatches);
            if (Math.abs(next - current) >= 0.01 * base || (next == 0 && current != 0)) {
                Networks.setLearningRate(model, next);
                current = next;
            }
        }
    }

    /** A fixed, seeded sample of the training set for the per-epoch training metrics. */
    static TrainingSet sample(TrainingSet examples, int max, long seed) {
        if (examples.size() <= max) return examples;
        int[] idx = new Random(seed ^ 0x5DEECE66DL).ints(0, examples.size()).distinct().limit(max).sorted().toArray();
        return examples.subset(idx);
    }
}
