/**
 * Images: decoding bytes safely ({@link io.etiqueta.image.ImageDecoder}) and the one preprocessing path from a decoded
 * image to network input ({@link io.etiqueta.image.Preprocessor}), shared by training, evaluation and labelling.
 */
package io.etiqueta.image;
