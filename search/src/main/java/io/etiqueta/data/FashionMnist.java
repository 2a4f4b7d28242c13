package io.etiqueta.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Finds Fashion-MNIST for {@code etiqueta quickstart}: the Debian package's files, else a copy downloaded
 * earlier, else a download from the dataset's official location (its GitHub README's links) into
 * {@code ~/.cache/etiqueta/fashion-mnist}; when none works, a message saying how to get it.
 */
public final class FashionMnist {
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final URI OFFICIAL_BASE = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private final Path debianDir;
    private final Path cacheDir;
    private final URI base;
    private final Duration connectTimeout;

    FashionMnist(Path debianDir, Path cacheDir, URI base, Duration connectTimeout) {
        this.debianDir = debianDir;
        this.cacheDir = cacheDir;
        this.base = base;
        this.connectTimeout = connectTimeout;
    }

    /** The standard places: the Debian folder, {@code ~/.cache/etiqueta/fashion-mnist}, the official URLs. */
    public static Path locate() {
        return new FashionMnist(DEBIAN_DIR, Path.of(System.getProperty("user.home"), ".cache", "etiqueta", "fashion-mnist"),
                OFFICIAL_BASE, Duration.ofSeconds(5)).find();
    }

    Path find() {
        if (complete(debianDir)) return debianDir;
        if (complete(cacheDir)) return cacheDir;
        String failure;
        try {
            download();
            return cacheDir;
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        throw new DatasetException("Fashion-MNIST is not installed and could not be downloaded from " + base + " (" + failure + "). "
                + "Install it with 'sudo apt-get install dataset-fashion-mnist' (files go to " + debianDir + "), "
                + "or download " + String.join(", ", FILES) + " from https://github.com/zalandoresearch/fashion-mnist "
                + "into a folder and pass that folder as the dataset");
    }

    static boolean complete(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return false;
        for (String f : FILES) if (!Files.isRegularFile(dir.resolve(f))) return false;
        return true;
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
            throw new IOException("the download is damaged: " + e.getMessage(), e);
        } finally {
            Archives.deleteTree(temp);
        }
    }
}
