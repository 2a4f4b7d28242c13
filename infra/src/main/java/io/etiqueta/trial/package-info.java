/**
 * What a trial is: its configuration ({@link io.etiqueta.trial.TrialConfig}), its record with curves and test
 * metrics ({@link io.etiqueta.trial.TrialRecord}), and the metrics by name ({@link io.etiqueta.trial.Metric}), listed once.
 */
package io.etiqueta.trial;
