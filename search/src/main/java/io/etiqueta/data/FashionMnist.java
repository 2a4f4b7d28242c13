package io.etiqueta.data;

import io.etiqueta.errors.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds Fashion-MNIST for {@code etiqueta quickstart}: the Debian package's files, else a copy downloaded
 * earlier, else a download from the dataset's official location (its GitHub README's links) into
 * {@code ~/.cache/etiqueta/fashion-mnist}, else, on Debian or Ubuntu as root or with passwordless sudo, an
 * installation of the Debian package {@value #PACKAGE}; when none works, a message with the exact command to run.
 *
 * <p>Every place is a setting (system property, else environment variable), so that a mirror can be used and a
 * test can point them elsewhere: {@code etiqueta.fashionMnist.packageDir} / {@code ETIQUETA_FASHION_MNIST_PACKAGE_DIR},
 * {@code etiqueta.fashionMnist.cacheDir} / {@code ETIQUETA_FASHION_MNIST_CACHE_DIR},
 * {@code etiqueta.fashionMnist.url} / {@code ETIQUETA_FASHION_MNIST_URL}, and
 * {@code etiqueta.fashionMnist.install} / {@code ETIQUETA_FASHION_MNIST_INSTALL}: a shell command run instead of
 * apt-get ({@code none}: never install).
 */
public final class FashionMnist {
    public static final String PACKAGE = "dataset-fashion-mnist";
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final URI OFFICIAL_BASE = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    /** What a user runs by hand where quickstart cannot install the package itself. */
    public static final String MANUAL_INSTALL = "sudo apt-get install " + PACKAGE;

    private final Path debianDir;
    private final Path cacheDir;
    private final URI base;
    private final Duration connectTimeout;
    private final Supplier<Installer> installers;

    FashionMnist(Path debianDir, Path cacheDir, URI base, Duration connectTimeout, Supplier<Installer> installers) {
        this.debianDir = debianDir;
        this.cacheDir = cacheDir;
        this.base = base;
        this.connectTimeout = connectTimeout;
        this.installers = installers; // looked at only when needed: detection may ask sudo
    }

    /**
     * How the Debian package is installed here, if it can be: a command and how it reads in a message, or the reason
     * it cannot (not Debian, not root and no passwordless sudo).
     */
    record Installer(Optional<List<String>> command, String description) {
        static Installer none(String why) { return new Installer(Optional.empty(), why); }

        static Installer shell(String commandLine) {
            return new Installer(Optional.of(List.of("sh", "-c", commandLine)), commandLine);
        }

        /** apt-get as root, or through passwordless sudo, on Debian or Ubuntu; else none. */
        static Installer detect() {
            if (!Files.isRegularFile(Path.of("/etc/debian_version")) || onPath("apt-get").isEmpty()) {
                return none("this is not a Debian or Ubuntu system with apt-get");
            }
            // update only when the package lists do not know the package yet (a fresh container has none)
            String apt = "apt-get install -y -q " + PACKAGE + " || (apt-get update -q && apt-get install -y -q " + PACKAGE + ")";
            if ("root".equals(System.getProperty("user.name"))) {
                return new Installer(Optional.of(List.of("sh", "-c", "DEBIAN_FRONTEND=noninteractive; export DEBIAN_FRONTEND; " + apt)),
                        "apt-get install -y " + PACKAGE);
            }
            if (onPath("sudo").isPresent() && succeeds(List.of("sudo", "-n", "true"))) {
                return new Installer(Optional.of(List.of("sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive", "sh", "-c", apt)),
                        "sudo apt-get install -y " + PACKAGE);
            }
            return none("installing needs root, and sudo asks for a password");
        }

        static Installer fromSetting(String setting) {
            if (setting == null) return detect();
            if (setting.equals("none")) return none("installing is turned off (etiqueta.fashionMnist.install=none)");
            return shell(setting);
        }

        private static Optional<Path> onPath(String program) {
            String path = System.getenv("PATH");
            if (path == null) return Optional.empty();
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isExecutable(candidate)) return Optional.of(candidate);
            }
            return Optional.empty();
        }

        private static boolean succeeds(List<String> command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** The places from the settings (see the class comment), with the standard ones as defaults. */
    public static FashionMnist fromSettings() {
        Path debian = Path.of(setting("etiqueta.fashionMnist.packageDir", "ETIQUETA_FASHION_MNIST_PACKAGE_DIR", DEBIAN_DIR.toString()));
        Path cache = Path.of(setting("etiqueta.fashionMnist.cacheDir", "ETIQUETA_FASHION_MNIST_CACHE_DIR",
                Path.of(System.getProperty("user.home"), ".cache", "etiqueta", "fashion-mnist").toString()));
        URI base = URI.create(setting("etiqueta.fashionMnist.url", "ETIQUETA_FASHION_MNIST_URL", OFFICIAL_BASE.toString()));
        String install = setting("etiqueta.fashionMnist.install", "ETIQUETA_FASHION_MNIST_INSTALL", null);
        return new FashionMnist(debian, cache, base, Duration.ofSeconds(5), () -> Installer.fromSetting(install));
    }

    /** The standard places (or those the settings name); notes (an installation under way) go to {@code notes}. */
    public static Path locate(Consumer<String> notes) {
        return fromSettings().find(notes);
    }

    public static Path locate() {
        return locate(note -> { });
    }

    Path find(Consumer<String> notes) {
        if (complete(debianDir)) return debianDir;
        if (complete(cacheDir)) return cacheDir;
        String downloadFailure;
        try {
            download();
            return cacheDir;
        } catch (IOException | RuntimeException e) {
            downloadFailure = Failures.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            downloadFailure = "interrupted";
        }
        String missing = "Fashion-MNIST is not installed (no " + debianDir + ") and could not be downloaded from " + base
                + " (" + downloadFailure + ")";
        String byHand = "or download " + String.join(", ", FILES) + " from https://github.com/zalandoresearch/fashion-mnist "
                + "into a folder and pass it with --dataset";
        Installer installer = installers.get();
        if (installer.command().isEmpty()) {
            throw new DatasetException(missing + "; " + installer.description() + ", so install it with '" + MANUAL_INSTALL
                    + "' (files go to " + debianDir + "), " + byHand);
        }
        notes.accept(missing + "; installing the Debian package " + PACKAGE + ": " + installer.description());
        String installFailure = install(installer);
        if (installFailure == null && complete(debianDir)) return debianDir;
        if (installFailure == null) installFailure = "it finished but " + debianDir + " still lacks the files";
        throw new DatasetException(missing + "; installing it with '" + installer.description() + "' failed (" + installFailure
                + "), so install it with '" + MANUAL_INSTALL + "' (files go to " + debianDir + "), " + byHand);
    }

    /** Runs the installer; null when it succeeded, else what went wrong with the last line it printed. */
    private static String install(Installer installer) {
        Path log = null;
        try {
            log = Files.createTempFile("etiqueta-install-", ".log");
            Process process = new ProcessBuilder(installer.command().orElseThrow()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return "it did not finish within 15 minutes";
            }
            if (process.exitValue() == 0) return null;
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            return "exit status " + process.exitValue() + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).trim());
        } catch (IOException e) {
            return Failures.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary log left behind is harmless
                }
            }
        }
    }

    static boolean complete(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return false;
        for (String f : FILES) if (!Files.isRegularFile(dir.resolve(f))) return false;
        return true;
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Downloads into a temporary folder, checks the files read as Fashion-MNIST, then moves them into place. */
    private void download() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        Files.createDirectories(cacheDir.getParent());
        Path temp = Files.createTempDirectory(cacheDir.getParent(), "fashion-mnist-download-");
        try {
            for (String name : FILES) {
                HttpRequest request = HttpRequest.newBuilder(base.resolve(name)).timeout(Duration.ofMinutes(5)).GET().build();
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode() + " for " + request.uri());
                    Files.copy(body, temp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            int train = IdxReader.readLabels(temp.resolve(FILES.get(1)), Path::toString).length;
            int test = IdxReader.readLabels(temp.resolve(FILES.get(3)), Path::toString).length;
            RawImages images = IdxReader.readImages(temp.resolve(FILES.get(2)), Path::toString);
            if (train != 60_000 || test != 10_000 || images.width() != 28 || images.height() != 28) {
                throw new IOException("the downloaded files are not Fashion-MNIST (" + train + " train labels, " + test + " test labels)");
            }
            Files.createDirectories(cacheDir);
            for (String name : FILES) Files.move(temp.resolve(name), cacheDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (DatasetException e) {
            throw new IOException("the download is damaged: " + Failures.describe(e), e);
        } finally {
            Archives.deleteTree(temp);
        }
    }
}
