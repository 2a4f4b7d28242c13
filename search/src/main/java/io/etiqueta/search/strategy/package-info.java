/**
 * How the next configurations are chosen (Optuna's samplers): the {@link io.etiqueta.search.strategy.Strategy}
 * ask/tell contract and its grid, random and genetic (Jenetics) implementations, with the reproducible random
 * streams they draw from ({@link io.etiqueta.search.strategy.Seeds}). A new strategy goes here.
 */
package io.etiqueta.search.strategy;
