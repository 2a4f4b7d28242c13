package io.etiqueta.bundle;

import org.deeplearning4j.nn.api.Model;

/** A trained network with its manifest: the unit that is stored, promoted, evaluated and served. */
public record ModelBundle(BundleManifest manifest, Model network) {}
