/**
 * A search's state in the store (Optuna's storages): {@code search.json}
 * ({@link io.etiqueta.search.store.SearchRecord}), the trials' records written RUNNING then final exactly once by
 * compare-and-swap, the stop marker ({@link io.etiqueta.search.store.SearchStore}), and promoting a search's trial
 * to champion. The store is the single source of truth a resume and a report read back: the spec stored in
 * {@code search.json} (the search file parsed once, when the search was created), never the file's text again.
 */
package io.etiqueta.search.store;
