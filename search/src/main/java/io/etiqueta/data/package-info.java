/** Datasets: reading folders, archives, CIFAR-10 binary and IDX files into memory, splits, batches, augmentation and inspection. */
package io.etiqueta.data;
