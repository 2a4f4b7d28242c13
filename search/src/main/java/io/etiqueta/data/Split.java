package io.etiqueta.data;

/** The three parts a trial uses: train on one, choose the epoch on another, report on the third. */
public record Split(Examples train, Examples validation, Examples test) {}
