/**
 * Errors for users: {@link io.etiqueta.errors.UserError}, the one base type of every error a user can act on (bad
 * input, an unreachable store; the command line maps its kind to an exit code), and how a failure is put into
 * words ({@link io.etiqueta.errors.Failures}): never "null", always what went wrong.
 */
package io.etiqueta.errors;
