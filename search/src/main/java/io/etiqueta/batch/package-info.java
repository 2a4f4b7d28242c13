/**
 * Trials on AWS Batch: the client that submits, watches and terminates one Batch job per trial ({@link
 * io.etiqueta.batch.BatchJobs}) with its retry policy for lost instances, and the executor that hands a search's
 * trials to it. The job itself runs {@code etiqueta worker} ({@code io.etiqueta.worker}) against the same store.
 */
package io.etiqueta.batch;
