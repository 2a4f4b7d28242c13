package io.etiqueta.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How pixels are presented to a network: one grey channel or three RGB channels. */
public enum ColorMode {
    GRAY(1), RGB(3);

    private final int channels;

    ColorMode(int channels) { this.channels = channels; }

    public int channels() { return channels; }

    @JsonValue public String id() { return name().toLowerCase(); }

    @JsonCreator public static ColorMode parse(String value) {
        return switch (value.trim().toLowerCase()) {
            case "gray", "grey", "grayscale", "l" -> GRAY;
            case "rgb", "color", "colour" -> RGB;
            default -> throw new IllegalArgumentException("unknown colour mode '" + value + "' (use gray or rgb)");
        };
    }
}
