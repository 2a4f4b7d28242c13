package io.etiqueta.train;

import io.etiqueta.bundle.Architecture;
import io.etiqueta.image.ImageSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The layer table of a DL4J network ({@link Architecture}), and its text form, as Keras' {@code model.summary()} prints it. */
public final class Architectures {
    private Architectures() {}

    public static Architecture of(Model model, ImageSpec input) {
        InputType in = InputType.convolutional(input.height(), input.width(), input.channels());
        List<Architecture.Layer> layers = new ArrayList<>();
        if (model instanceof MultiLayerNetwork net) {
            List<InputType> types = net.getLayerWiseConfigurations().getLayerActivationTypes(in);
            for (int i = 0; i < net.getnLayers(); i++) {
                Layer layer = net.getLayer(i);
                String name = layer.conf().getLayer().getLayerName();
                layers.add(new Architecture.Layer(name == null ? "layer" + i : name, type(layer), shape(types.get(i)),
                        layer.numParams(), trainable(layer), List.of()));
            }
        } else if (model instanceof ComputationGraph graph) {
            Map<String, InputType> types = graph.getConfiguration().getLayerActivationTypes(in);
            GraphVertex[] vertices = graph.getVertices();
            for (int index : graph.topologicalSortOrder()) {
                GraphVertex v = vertices[index];
                if (v.isInputVertex()) continue;
                List<String> inputs = new ArrayList<>();
                VertexIndices[] from = v.getInputVertices();
                if (from != null) for (VertexIndices f : from) inputs.add(vertices[f.getVertexIndex()].getVertexName());
                Layer layer = v.hasLayer() ? v.getLayer() : null;
                String type = layer != null ? type(layer) : v.getClass().getSimpleName().replace("Vertex", "");
                layers.add(new Architecture.Layer(v.getVertexName(), type, shape(types.get(v.getVertexName())),
                        layer == null ? 0 : layer.numParams(), layer == null || trainable(layer), inputs));
            }
        } else {
            throw new IllegalArgumentException("unsupported network " + model.getClass().getName());
        }
        long total = layers.stream().mapToLong(Architecture.Layer::parameters).sum();
        long trainable = layers.stream().filter(Architecture.Layer::trainable).mapToLong(Architecture.Layer::parameters).sum();
        return new Architecture(layers, total, trainable);
    }

    /** The table as lines of text: layer, type, output shape, parameters, trainable or frozen, then the totals. */
    public static List<String> table(Architecture a) {
        int nameWidth = Math.max(5, a.layers().stream().mapToInt(l -> l.name().length()).max().orElse(5));
        int typeWidth = Math.max(4, a.layers().stream().mapToInt(l -> l.type().length()).max().orElse(4));
        String format = "%-" + nameWidth + "s  %-" + typeWidth + "s  %-14s %,13d  %s";
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + typeWidth + "s  %-14s %13s  %s", "layer", "type", "output", "parameters", ""));
        for (Architecture.Layer l : a.layers()) {
            out.add(String.format(Locale.ROOT, format, l.name(), l.type(), l.outputShape(), l.parameters(),
                    l.parameters() == 0 ? "" : l.trainable() ? "trainable" : "frozen"));
        }
        out.add(String.format(Locale.ROOT, "total %,d parameters: %,d trainable, %,d frozen", a.parameters(), a.trainable(), a.frozen()));
        return out;
    }

    private static boolean trainable(Layer layer) {
        return !(layer instanceof FrozenLayer) && !(layer instanceof FrozenLayerWithBackprop);
    }

    private static String type(Layer layer) {
        Layer inner = layer instanceof FrozenLayer f ? f.getInsideLayer() : layer;
        var conf = inner.conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer f) conf = f.getLayer();
        String name = conf.getClass().getSimpleName();
        return name.endsWith("Layer") && name.length() > 5 ? name.substring(0, name.length() - 5) : name;
    }

    private static String shape(InputType type) {
        if (type == null) return "?";
        if (type instanceof InputType.InputTypeConvolutional c) return c.getHeight() + "x" + c.getWidth() + "x" + c.getChannels();
        if (type instanceof InputType.InputTypeFeedForward f) return String.valueOf(f.getSize());
        long[] shape = type.getShape(false);
        return String.join("x", java.util.Arrays.stream(shape).mapToObj(String::valueOf).toList());
    }

}
