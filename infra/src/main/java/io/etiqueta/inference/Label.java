package io.etiqueta.inference;

/** One answer: a class name and the model's confidence in it, 0..1. */
public record Label(String label, double confidence) {}
