package io.etiqueta.trial;

/**
 * Random changes applied to training images only, each switchable: a horizontal flip with probability 0.5,
 * shifts of up to {@code shift} of the width/height, rotations of up to {@code rotationDegrees} either way.
 */
public record Augmentation(boolean flip, double shift, double rotationDegrees) {
    public static final Augmentation NONE = new Augmentation(false, 0, 0);
    /** What Keras' ImageDataGenerator examples use for CIFAR-10. */
    public static final Augmentation STANDARD = new Augmentation(true, 0.1, 10);

    public Augmentation {
        if (shift < 0 || shift > 0.5) throw new IllegalArgumentException("augmentation shift must be within 0..0.5, got " + shift);
        if (rotationDegrees < 0 || rotationDegrees > 45) throw new IllegalArgumentException("augmentation rotation must be within 0..45 degrees, got " + rotationDegrees);
    }

    public boolean enabled() { return flip || shift > 0 || rotationDegrees > 0; }
}
