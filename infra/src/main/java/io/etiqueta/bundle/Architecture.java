package io.etiqueta.bundle;

import java.util.List;

/**
 * A network's layers as Keras' {@code model.summary()} lists them: name, type, output shape, parameters, and
 * whether training changes them. Printed by {@code etiqueta train}, kept in the bundle's manifest, drawn by reports.
 *
 * @param layers     in the order data flows through them (topological for graphs)
 * @param parameters the network's total, equal to DL4J's own {@code numParams()}
 * @param trainable  of those, the ones training updates (the rest are frozen, such as VGG16's convolutions)
 */
public record Architecture(List<Layer> layers, long parameters, long trainable) {
    public Architecture {
        layers = List.copyOf(layers);
    }

    /**
     * One layer (or graph vertex).
     *
     * @param outputShape per example, without the batch: "32x32x64" (height x width x channels) or "256"
     * @param inputs      the layers it reads (graphs only; empty for a plain stack)
     */
    public record Layer(String name, String type, String outputShape, long parameters, boolean trainable, List<String> inputs) {
        public Layer {
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
        }
    }

    public long frozen() { return parameters - trainable; }
}
