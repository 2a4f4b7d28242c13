package io.etiqueta.data;

import java.nio.file.Path;
import java.util.Set;

/**
 * Files and folders that operating systems and tools leave in datasets and that are never data: names starting
 * with a dot (.DS_Store, ._AppleDouble, .git), {@code __MACOSX} folders from macOS zips, Thumbs.db and
 * desktop.ini from Windows.
 */
final class Hidden {
    private static final Set<String> JUNK = Set.of("thumbs.db", "desktop.ini", "__macosx", "icon\r", "ehthumbs.db");

    private Hidden() {}

    static boolean isIgnored(Path p) {
        Path name = p.getFileName();
        if (name == null) return false;
        String n = name.toString();
        return n.startsWith(".") || JUNK.contains(n.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether {@code file} or any folder between {@code root} and it is ignored. */
    static boolean isIgnoredUnder(Path root, Path file) {
        for (Path part : root.relativize(file)) if (isIgnored(part)) return true;
        return false;
    }
}
