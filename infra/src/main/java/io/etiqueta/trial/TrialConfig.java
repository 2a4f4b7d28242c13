package io.etiqueta.trial;

import io.etiqueta.image.ColorMode;

import java.util.List;

/**
 * Everything that decides how one trial trains: immutable, stored with the trial and the bundle, and enough
 * (with the same dataset) to reproduce it. The seed fixes the split, the initialisation and the batch order.
 *
 * @param layers       hidden dense widths (mlp) or the dense head (cnn families, vgg16); ignored by resnet18
 * @param dropout      fraction of units dropped (Keras' meaning), 0 for none
 * @param patience     early stopping: epochs without improvement of val_loss before stopping; null = off
 * @param minDelta     early stopping: the least decrease of val_loss that counts as improvement
 * @param maxMinutes   stop after this much training time; null = no limit
 * @param imageSize    square input size; null = the dataset's own size
 * @param color        input colour mode; null = the dataset's own
 * @param folds        k-fold cross-validation: the number of stratified folds (2..20); null = one validation split
 * @param weights      a local copy of a pretrained base's weights (vgg16); null = the documented folders, then a download
 * @param lrSchedule   how the learning rate moves over the planned training; null = constant
 */
public record TrialConfig(
        ModelFamily model,
        List<Integer> layers,
        ActivationType activation,
        OptimizerType optimizer,
        double learningRate,
        double momentum,
        double dropout,
        double l2,
        int batchSize,
        int epochs,
        Integer patience,
        double minDelta,
        Double maxMinutes,
        Augmentation augmentation,
        Integer imageSize,
        ColorMode color,
        long seed,
        Integer folds,
        String weights,
        LearningRateSchedule lrSchedule) {

    public TrialConfig {
        if (model == null) throw new IllegalArgumentException("model is required");
        layers = layers == null ? List.of() : List.copyOf(layers);
        for (int w : layers) if (w < 1 || w > 65536) throw new IllegalArgumentException("layer width " + w + " is out of range 1..65536");
        if (model == ModelFamily.MLP && layers.isEmpty()) throw new IllegalArgumentException("mlp needs at least one hidden layer (--layers 512,256)");
        if (activation == null) activation = ActivationType.RELU;
        if (optimizer == null) optimizer = OptimizerType.ADAM;
        if (!(learningRate > 0 && learningRate < 10)) throw new IllegalArgumentException("learning rate must be in (0, 10), got " + learningRate);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        if (l2 < 0) throw new IllegalArgumentException("l2 must not be negative, got " + l2);
        if (batchSize < 1 || batchSize > 8192) throw new IllegalArgumentException("batch size must be in 1..8192, got " + batchSize);
        if (epochs < 1 || epochs > 10000) throw new IllegalArgumentException("epochs must be in 1..10000, got " + epochs);
        if (patience != null && patience < 1) throw new IllegalArgumentException("patience must be at least 1 (or off), got " + patience);
        if (minDelta < 0) throw new IllegalArgumentException("min delta must not be negative, got " + minDelta);
        if (maxMinutes != null && !(maxMinutes > 0)) throw new IllegalArgumentException("max minutes must be positive, got " + maxMinutes);
        if (augmentation == null) augmentation = Augmentation.NONE;
        if (imageSize != null && (imageSize < 8 || imageSize > 1024)) throw new IllegalArgumentException("image size must be in 8..1024, got " + imageSize);
        if (folds != null && (folds < 2 || folds > 20)) throw new IllegalArgumentException("folds must be in 2..20 (or left out for one validation split), got " + folds);
        if (weights != null && weights.isBlank()) weights = null;
        if (lrSchedule == null) lrSchedule = LearningRateSchedule.CONSTANT;
        // a frozen base's features are computed once per image; random augmentation would need them again every epoch
        if (model.frozenBase() && augmentation.enabled()) {
            throw new IllegalArgumentException(model.id() + " trains its head on features its frozen base computes once per image, "
                    + "so it cannot take random augmentation; leave augmentation off for " + model.id() + " (or use cnn, cnn-bn or resnet18 to augment)");
        }
    }

    /** The configuration as it was before folds and weights existed (older callers and records). */
    public TrialConfig(ModelFamily model, List<Integer> layers, ActivationType activation, OptimizerType optimizer, double learningRate,
                       double momentum, double dropout, double l2, int batchSize, int epochs, Integer patience, double minDelta,
                       Double maxMinutes, Augmentation augmentation, Integer imageSize, ColorMode color, long seed) {
        this(model, layers, activation, optimizer, learningRate, momentum, dropout, l2, batchSize, epochs, patience, minDelta,
                maxMinutes, augmentation, imageSize, color, seed, null, null, null);
    }

    /** The same configuration trained for a different number of epochs (the count cross-validation chose). */
    public TrialConfig withEpochs(int newEpochs) { return toBuilder().epochs(newEpochs).build(); }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        return new Builder().model(model).layers(layers).activation(activation).optimizer(optimizer).learningRate(learningRate)
                .momentum(momentum).dropout(dropout).l2(l2).batchSize(batchSize).epochs(epochs).patience(patience)
                .minDelta(minDelta).maxMinutes(maxMinutes).augmentation(augmentation).imageSize(imageSize).color(color).seed(seed)
                .folds(folds).weights(weights).lrSchedule(lrSchedule);
    }

    /** A short human label, as in the notebooks' tables: "mlp 512-256 relu rmsprop lr=0.001 drop=0.2". */
    public String summary() {
        StringBuilder s = new StringBuilder(model.id());
        if (!layers.isEmpty() && model != ModelFamily.RESNET18) {
            s.append(' ').append(String.join("-", layers.stream().map(String::valueOf).toList()));
        }
        s.append(' ').append(activation.id()).append(' ').append(optimizer.id()).append(" lr=").append(fmt(learningRate));
        if (lrSchedule != LearningRateSchedule.CONSTANT) s.append('~').append(lrSchedule.id());
        if (optimizer == OptimizerType.SGD && momentum > 0) s.append(" m=").append(fmt(momentum));
        if (dropout > 0) s.append(" drop=").append(fmt(dropout));
        if (l2 > 0) s.append(" l2=").append(fmt(l2));
        s.append(" bs=").append(batchSize).append(" ep=").append(epochs);
        if (patience != null) s.append(" pat=").append(patience);
        if (augmentation.enabled()) s.append(" aug");
        if (imageSize != null) s.append(" px=").append(imageSize);
        if (folds != null) s.append(" cv=").append(folds);
        return s.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    /** Mutable helper for building configs from options or genes; defaults are the notebooks' usual choices. */
    public static final class Builder {
        private ModelFamily model = ModelFamily.MLP;
        private List<Integer> layers = List.of(512, 256, 256);
        private ActivationType activation = ActivationType.RELU;
        private OptimizerType optimizer = OptimizerType.ADAM;
        private double learningRate = 0.001;
        private double momentum = 0;
        private double dropout = 0;
        private double l2 = 0;
        private int batchSize = 64;
        private int epochs = 10;
        private Integer patience = null;
        private double minDelta = 0;
        private Double maxMinutes = null;
        private Augmentation augmentation = Augmentation.NONE;
        private Integer imageSize = null;
        private ColorMode color = null;
        private long seed = 1;
        private Integer folds = null;
        private String weights = null;
        private LearningRateSchedule lrSchedule = LearningRateSchedule.CONSTANT;

        public Builder model(ModelFamily v) { model = v; return this; }
        public Builder layers(List<Integer> v) { layers = v; return this; }
        public Builder activation(ActivationType v) { activation = v; return this; }
        public Builder optimizer(OptimizerType v) { optimizer = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder l2(double v) { l2 = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder patience(Integer v) { patience = v; return this; }
        public Builder minDelta(double v) { minDelta = v; return this; }
        public Builder maxMinutes(Double v) { maxMinutes = v; return this; }
        public Builder augmentation(Augmentation v) { augmentation = v; return this; }
        public Builder imageSize(Integer v) { imageSize = v; return this; }
        public Builder color(ColorMode v) { color = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder folds(Integer v) { folds = v; return this; }
        public Builder weights(String v) { weights = v; return this; }
        public Builder lrSchedule(LearningRateSchedule v) { lrSchedule = v; return this; }

        public TrialConfig build() {
            return new TrialConfig(model, layers, activation, optimizer, learningRate, momentum, dropout, l2, batchSize,
                    epochs, patience, minDelta, maxMinutes, augmentation, imageSize, color, seed, folds, weights, lrSchedule);
        }
    }
}
