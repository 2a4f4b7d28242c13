package io.etiqueta.bundle;

import io.etiqueta.errors.Failures;
import io.etiqueta.json.Json;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.*;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes the bundle file ({@code .etq}): a zip whose first entry is {@code manifest.json} and whose
 * second is {@code network.zip}, DL4J's own serialisation of the network (without updater state: a bundle is
 * for inference and evaluation). The manifest comes first so it can be read without loading the network.
 */
public final class BundleIO {
    static final String MANIFEST = "manifest.json";
    static final String NETWORK = "network.zip";

    private BundleIO() {}

    public static void write(ModelBundle bundle, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(Json.bytes(bundle.manifest()));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(NETWORK));
        // DL4J closes the stream it writes to; shield the zip from that
        ModelSerializer.writeModel(bundle.network(), new FilterOutputStream(zip) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out().write(b, off, len); }
            private OutputStream out() { return this.out; }
            @Override public void close() throws IOException { flush(); }
        }, false);
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    public static void write(ModelBundle bundle, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(bundle, out);
        }
    }

    public static ModelBundle read(Path file) {
        if (!Files.isRegularFile(file)) throw new BundleFormatException("no model bundle at " + file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new BundleFormatException("cannot read model bundle " + file + ": " + Failures.describe(e), e);
        }
    }

    /** Reads a whole bundle from a stream; {@code source} names it in error messages. */
    public static ModelBundle read(InputStream in, String source) {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            BundleManifest manifest = null;
            Model network = null;
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals(MANIFEST)) {
                    manifest = Json.read(zip.readAllBytes(), BundleManifest.class);
                } else if (entry.getName().equals(NETWORK)) {
                    if (manifest == null) throw new BundleFormatException(source + " is not a model bundle: network before manifest");
                    InputStream shielded = new FilterInputStream(zip) { @Override public void close() {} };
                    network = "ComputationGraph".equals(manifest.networkType())
                            ? ModelSerializer.restoreComputationGraph(shielded, false)
                            : ModelSerializer.restoreMultiLayerNetwork(shielded, false);
                }
            }
            if (manifest == null || network == null) {
                throw new BundleFormatException(source + " is not a model bundle (no " + (manifest == null ? MANIFEST : NETWORK) + " inside)");
            }
            return new ModelBundle(manifest, network);
        } catch (BundleFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BundleFormatException("cannot read model bundle " + source + ": " + Failures.describe(e), e);
        }
    }

    /** Reads only the manifest (the first entry), without loading the network. */
    public static BundleManifest readManifest(InputStream in, String source) {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry first = zip.getNextEntry();
            if (first == null || !first.getName().equals(MANIFEST)) {
                throw new BundleFormatException(source + " is not a model bundle (no " + MANIFEST + " first)");
            }
            return Json.read(zip.readAllBytes(), BundleManifest.class);
        } catch (BundleFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BundleFormatException("cannot read model bundle " + source + ": " + Failures.describe(e), e);
        }
    }

    /** "MultiLayerNetwork" or "ComputationGraph", for the manifest. */
    public static String networkType(Model network) {
        if (network instanceof ComputationGraph) return "ComputationGraph";
        if (network instanceof MultiLayerNetwork) return "MultiLayerNetwork";
        throw new IllegalArgumentException("unsupported network type " + network.getClass().getName());
    }
}
