package io.etiqueta.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The few operations the engine needs, the same for DL4J's two network kinds. */
final class Networks {
    private Networks() {}

    static void fit(Model model, DataSet batch) {
        if (model instanceof ComputationGraph graph) graph.fit(batch);
        else ((MultiLayerNetwork) model).fit(batch);
    }

    /** Inference-mode output (dropout off, batch norm uses running statistics). */
    static INDArray output(Model model, INDArray features) {
        if (model instanceof ComputationGraph graph) return graph.outputSingle(false, features);
        return ((MultiLayerNetwork) model).output(features, false);
    }
}
