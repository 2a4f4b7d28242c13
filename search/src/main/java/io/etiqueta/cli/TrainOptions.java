package io.etiqueta.cli;

import io.etiqueta.trial.*;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;

/** The options that make a trial configuration, shared by train and anything else that builds one. */
public class TrainOptions {
    @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn, cnn-bn, resnet18 or vgg16 (default: ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--layers", description = "Hidden dense widths, e.g. 512,256,256 (mlp default 512,256,256; the dense head for cnn families).")
    String layers;
    @Option(names = "--activation", defaultValue = "relu", description = "relu, tanh, sigmoid, leakyrelu or elu (default: ${DEFAULT-VALUE}).")
    String activation;
    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, adam, rmsprop or nadam (default: ${DEFAULT-VALUE}).")
    String optimizer;
    @Option(names = {"--lr", "--learning-rate"}, defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;
    @Option(names = "--lr-schedule", defaultValue = "constant", description = "constant, linear or cosine: the learning rate held, "
            + "or decayed to zero by the last planned epoch (default: ${DEFAULT-VALUE}).")
    String lrSchedule;
    @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (Nesterov), 0 for plain SGD (default: ${DEFAULT-VALUE}).")
    double momentum;
    @Option(names = "--dropout", defaultValue = "0", description = "Fraction of units dropped after each hidden layer (default: ${DEFAULT-VALUE}).")
    double dropout;
    @Option(names = "--l2", defaultValue = "0", description = "L2 weight penalty (default: ${DEFAULT-VALUE}).")
    double l2;
    @Option(names = {"--batch", "--batch-size"}, defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--epochs", defaultValue = "10", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--patience", defaultValue = "off", description = "Early stopping: epochs without val_loss improvement, or off (default: ${DEFAULT-VALUE}).")
    String patience;
    @Option(names = "--min-delta", defaultValue = "0", description = "Early stopping: least val_loss decrease that counts (default: ${DEFAULT-VALUE}).")
    double minDelta;
    @Option(names = "--max-minutes", description = "Stop training after this many minutes.")
    Double maxMinutes;
    @Option(names = "--flip", description = "Augment: random horizontal flips.")
    boolean flip;
    @Option(names = "--shift", defaultValue = "0", description = "Augment: random shifts up to this fraction of the size, e.g. 0.1.")
    double shift;
    @Option(names = "--rotate", defaultValue = "0", description = "Augment: random rotations up to this many degrees, e.g. 10.")
    double rotate;
    @Mixin ImageOptions image;
    @Option(names = "--folds", paramLabel = "K", description = "k-fold cross-validation: K stratified folds of the training data from the seed; "
            + "prints each fold and the mean and spread, then trains the final model on all of it for the epochs the folds chose.")
    Integer folds;
    @Option(names = "--weights", paramLabel = "FILE", description = "vgg16: a local copy of DL4J's " + "vgg16_dl4j_inference.zip"
            + " (default: ~/.etiqueta/weights/ or $ETIQUETA_WEIGHTS_DIR, then DL4J's cache, then a download); 'random' for untrained weights (tests only).")
    String weights;
    @Mixin SeedOption seed;

    public TrialConfig config() {
        ModelFamily family = ModelFamily.parse(model);
        List<Integer> widths = layers != null ? parseLayers(layers)
                : family == ModelFamily.MLP ? List.of(512, 256, 256) : List.of();
        return TrialConfig.builder()
                .model(family).layers(widths).activation(ActivationType.parse(activation)).optimizer(OptimizerType.parse(optimizer))
                .learningRate(learningRate).lrSchedule(LearningRateSchedule.parse(lrSchedule)).momentum(momentum).dropout(dropout).l2(l2).batchSize(batchSize).epochs(epochs)
                .patience(parsePatience(patience)).minDelta(minDelta).maxMinutes(maxMinutes)
                .augmentation(new Augmentation(flip, shift, rotate)).imageSize(image.imageSize())
                .color(image.color()).seed(seed.seed())
                .folds(folds).weights(weights)
                .build();
    }

    static List<Integer> parseLayers(String text) {
        if (text.isBlank() || text.equalsIgnoreCase("none")) return List.of();
        try {
            return Arrays.stream(text.split("[,x ]+")).map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--layers takes comma-separated widths like 512,256,256, got '" + text + "'");
        }
    }

    static Integer parsePatience(String text) {
        if (text == null || text.equalsIgnoreCase("off") || text.equalsIgnoreCase("none")) return null;
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--patience takes a number of epochs or off, got '" + text + "'");
        }
    }
}
