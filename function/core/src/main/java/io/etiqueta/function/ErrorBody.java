package io.etiqueta.function;

/** What a client sees when a request fails: {@code {"status":415,"code":"NOT_AN_IMAGE","message":"..."}}. */
public record ErrorBody(int status, String code, String message) {}
