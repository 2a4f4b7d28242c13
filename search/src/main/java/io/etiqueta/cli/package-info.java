/**
 * The command line: picocli commands that parse, delegate to the library and print through their writers; shared
 * options as mixins; every error becomes an exit code in one place ({@link io.etiqueta.cli.ExitCodeMapper}).
 */
package io.etiqueta.cli;
