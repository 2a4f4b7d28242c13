package io.etiqueta.cli;

import picocli.CommandLine.Option;

/** --skip-bad-files, shared by every command that reads a dataset. */
public class SkipBadFilesOption {
    @Option(names = "--skip-bad-files", description = "Skip (and count) unreadable images instead of stopping at the first.")
    boolean skipBadFiles;

    public boolean skip() { return skipBadFiles; }
}
