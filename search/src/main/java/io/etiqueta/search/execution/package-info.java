/**
 * Running a search (Optuna's study and trials): the {@link io.etiqueta.search.execution.SearchRunner} that asks
 * the strategy, has trials trained, tells outcomes back, keeps budgets and counts, and resumes from the store; and
 * the listener it reports progress to. A new way of executing trials goes here.
 */
package io.etiqueta.search.execution;
