package io.etiqueta.search.spec;

import io.etiqueta.errors.UserError;

/** A search file that cannot be used, with where (file, line, column; 0 when unknown) and what is wrong. */
public class SearchFileException extends UserError {
    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public SearchFileException(String file, int line, int column, String problem) {
        super(Kind.BAD_INPUT, file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public String file() { return file; }

    /** 1-based line of the offending value, 0 when it concerns the whole file. */
    public int line() { return line; }

    public int column() { return column; }

    public String problem() { return problem; }
}
