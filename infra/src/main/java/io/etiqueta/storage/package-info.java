/** The storage contract ({@link io.etiqueta.storage.Store}), its local-folder and S3 implementations, and the key layout of a store. */
package io.etiqueta.storage;
