/**
 * One owner per search: the lease ({@code searches/<id>/lease.json}) that {@code search start} and
 * {@code search resume} take by compare-and-swap and keep fresh with a heartbeat, so that a second process cannot
 * train the same search's trials twice.
 */
package io.etiqueta.search.lease;
