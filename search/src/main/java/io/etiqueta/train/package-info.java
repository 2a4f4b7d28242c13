/**
 * Training and evaluating one trial in this JVM (DL4J): building the network, training with early stopping, scoring,
 * the test evaluation, a trial run alone ({@link io.etiqueta.train.StandaloneTrial}) and a stored model evaluated on a
 * dataset ({@link io.etiqueta.train.BundleEvaluation}).
 */
package io.etiqueta.train;
