/** How a failure is put into words for a user: never "null", always what went wrong. */
package io.etiqueta.errors;
