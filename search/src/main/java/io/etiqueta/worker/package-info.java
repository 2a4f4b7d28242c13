/**
 * {@code etiqueta worker}: what a Batch job runs. It reads one trial's request from the store, runs it the way
 * every executor does (the search's trial run: progress per epoch, stop, cancel and pruning decisions read from the
 * store, the final record written once), and exits with a status that tells Batch whether to try again
 * ({@link io.etiqueta.worker.WorkerExit}).
 */
package io.etiqueta.worker;
