package io.etiqueta.cli;

/** What the command line needs to know about where its output goes. */
final class Terminal {
    private Terminal() {}

    /**
     * Whether output goes to a terminal (progress then redraws one line). Since JDK 22 System.console() exists
     * even when redirected, and Console.isTerminal() tells; on JDK 21 a console exists only for a terminal.
     */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
