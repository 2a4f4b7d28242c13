package io.etiqueta.report;

/** Turns a search's records into a {@link Report}. Made by {@link Reports}. */
public interface ReportGenerator {
    Report generate(ReportInput input);
}
