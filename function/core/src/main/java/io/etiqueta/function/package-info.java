/**
 * The labelling service, independent of how it is reached: requests and answers ({@link io.etiqueta.function.LabelRequest},
 * {@link io.etiqueta.function.LabelResponse}), fetching images (base64 or S3), the served champion and the watcher that
 * picks up a new promotion, and the problems a request can have with their HTTP statuses. Never trains.
 */
package io.etiqueta.function;
