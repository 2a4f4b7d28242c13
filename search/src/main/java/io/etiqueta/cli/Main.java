package io.etiqueta.cli;

/** Entry point of the etiqueta command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("etiqueta");
    }
}
