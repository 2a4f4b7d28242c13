package io.etiqueta.trial;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The network architectures the trial engine can build. */
public enum ModelFamily {
    /** Dense layers on the flattened image (the notebooks' 512/256/256). */
    MLP("mlp"),
    /** The Keras tutorial CNN: Conv32, pool, Conv64, pool, Conv64, Dense64, softmax. */
    CNN("cnn"),
    /** Convolution blocks with batch normalization and dropout. */
    CNN_BN("cnn-bn"),
    /** ResNet-18 adapted to small inputs. */
    RESNET18("resnet18"),
    /** VGG16 transfer learning: frozen ImageNet convolutions and a new dense head. */
    VGG16("vgg16");

    private final String id;

    ModelFamily(String id) { this.id = id; }

    @JsonValue public String id() { return id; }

    /** Whether the family is a frozen pretrained base with a trained head (its base's features are computed once). */
    public boolean frozenBase() { return this == VGG16; }

    @JsonCreator public static ModelFamily parse(String value) { return Named.parse(ModelFamily.class, "model", value, ModelFamily::id); }

    @Override public String toString() { return id; }
}
