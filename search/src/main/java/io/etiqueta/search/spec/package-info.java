/**
 * What a search is asked to do: the search file ({@link io.etiqueta.search.spec.SearchFiles} parses the YAML into a
 * {@link io.etiqueta.search.spec.SearchSpec}, errors naming file, line and column), its space of
 * {@link io.etiqueta.search.spec.Parameter}s and {@link io.etiqueta.search.spec.Dimension}s, the objective, the
 * budget and the settings of the strategy and the pruner. Values only: nothing here runs, stores or proposes.
 */
package io.etiqueta.search.spec;
