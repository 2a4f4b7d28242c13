/**
 * Running a model: the forward pass of both DL4J network kinds ({@link io.etiqueta.inference.Networks}) and labelling
 * images with a bundle ({@link io.etiqueta.inference.Labeler}: decoding, preprocessing, one forward pass per batch),
 * with the one check of how many labels to give ({@link io.etiqueta.inference.LabelLimits}).
 */
package io.etiqueta.inference;
