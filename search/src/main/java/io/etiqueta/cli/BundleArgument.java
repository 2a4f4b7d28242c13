package io.etiqueta.cli;

import io.etiqueta.bundle.BundleLocator;
import io.etiqueta.bundle.ModelBundle;
import picocli.CommandLine.Parameters;

/** The BUNDLE argument (first) of the commands that run a stored model: evaluate and label. */
public class BundleArgument {
    @Parameters(index = "0", paramLabel = "BUNDLE",
            description = "A bundle file, s3://bucket/key.etq, or in the store: champion, a trial id, searchId:trialId, or a key.")
    String bundle;

    /** The bundle, looked up in {@code store} when the argument names one there. */
    public ModelBundle load(StoreOption store) { return BundleLocator.load(bundle, store.location()); }
}
