/**
 * Stopping unpromising trials early (Optuna's pruners): the {@link io.etiqueta.search.pruning.Pruner} contract,
 * asked after every epoch with the trial's curve and its peers', and the median rule. A new pruner goes here.
 */
package io.etiqueta.search.pruning;
