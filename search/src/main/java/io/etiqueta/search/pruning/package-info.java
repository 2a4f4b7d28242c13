/**
 * Stopping unpromising trials early (Optuna's pruners): the {@link io.etiqueta.search.pruning.Pruner} contract,
 * asked after every epoch with the trial's {@link io.etiqueta.search.pruning.LearningCurve} and its peers' (finished or still running, wherever they run): the median rule and ASHA. A new pruner goes here.
 */
package io.etiqueta.search.pruning;
