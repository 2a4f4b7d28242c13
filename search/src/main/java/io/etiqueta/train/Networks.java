package io.etiqueta.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The few operations the engine needs, the same for DL4J's two network kinds (the forward pass is shared with labelling). */
final class Networks {
    private Networks() {}

    static void fit(Model model, DataSet batch) {
        if (model instanceof ComputationGraph graph) graph.fit(batch);
        else ((MultiLayerNetwork) model).fit(batch);
    }

    /** Sets every layer's learning rate (the updaters' state, e.g. Adam's moments, is kept). */
    static void setLearningRate(Model model, double rate) {
        if (model instanceof ComputationGraph graph) graph.setLearningRate(rate);
        else ((MultiLayerNetwork) model).setLearningRate(rate);
    }

    /** Inference-mode output: {@link io.etiqueta.inference.Networks#output}, the one the labelling path runs too. */
    static INDArray output(Model model, INDArray features) { return io.etiqueta.inference.Networks.output(model, features); }
}
