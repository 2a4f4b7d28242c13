/** Running a model: the forward pass of both DL4J network kinds and labelling images with a bundle ({@link io.etiqueta.inference.Labeler}). */
package io.etiqueta.inference;
