/** The one base type of the errors a user can act on ({@link io.etiqueta.error.UserError}) and their kinds. */
package io.etiqueta.error;
