/** The store's champion ({@code champion.json}, replaced by compare-and-swap) and its promotion history. */
package io.etiqueta.champion;
