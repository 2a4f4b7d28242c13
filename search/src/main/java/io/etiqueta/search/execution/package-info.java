/**
 * Running a search (Optuna's study and trials): the {@link io.etiqueta.search.execution.SearchRunner} that asks
 * the strategy, has trials trained, tells outcomes back, keeps budgets and counts, and resumes from the stored spec
 * and trials; the listener it reports progress to; the executor seam ({@link io.etiqueta.search.execution.TrialExecutor},
 * local threads here, providers found by {@link io.etiqueta.search.execution.TrialExecutors}) and the trial run every
 * executor shares ({@link io.etiqueta.search.execution.TrialRun}); warm starts, and a store that rides out outages
 * ({@link io.etiqueta.search.execution.PatientStore}). A new way of executing trials goes here.
 */
package io.etiqueta.search.execution;
