/**
 * The model bundle: one file ({@code bundle.etq}) holding the manifest (labels, input spec, configuration,
 * metrics, provenance) and the network; reading, writing, and finding one from what a user typed
 * ({@link io.etiqueta.bundle.BundleLocator}).
 */
package io.etiqueta.bundle;
