package io.etiqueta.inference;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The forward pass, the same for DL4J's two network kinds; training, evaluation and labelling all run it. */
public final class Networks {
    private Networks() {}

    /** Inference-mode output (dropout off, batch norm uses running statistics). */
    public static INDArray output(Model model, INDArray features) {
        if (model instanceof ComputationGraph graph) return graph.outputSingle(false, features);
        return ((MultiLayerNetwork) model).output(features, false);
    }
}
