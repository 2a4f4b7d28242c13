package io.etiqueta.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the tests need from the machine, checked by name: a missing requirement FAILS the test that needs it with a
 * message saying what is missing and how to get it, instead of skipping it silently. {@code bash .ci/run} (the
 * README's test command) installs them all before running {@code ./mvnw -B verify}.
 *
 * <p>The one deliberate exception, documented where it is: nothing here downloads DL4J's 530 MB ImageNet weights
 * (they cannot be fetched on CI); the VGG16 tests point DL4J at an empty model folder instead of skipping.
 */
public final class TestRequirements {
    public static final Path CHROMIUM = Path.of(System.getProperty("etiqueta.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("etiqueta.chromedriver", "/usr/bin/chromedriver"));
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private TestRequirements() {}

    /** Fails, naming the requirement, unless {@code present}. */
    public static void require(boolean present, String what, String howToGet) {
        if (!present) {
            throw new AssertionError("test requirement missing: " + what + "; " + howToGet
                    + " (or run 'bash .ci/run', which installs every test requirement, then runs ./mvnw -B verify)");
        }
    }

    public static void requireChromium() {
        require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless chromium and chromedriver (" + CHROMIUM + ", " + CHROMEDRIVER + ")",
                "install them with 'sudo apt-get install chromium chromium-driver'");
    }

    /** The Debian package's Fashion-MNIST folder, after checking it holds the four files. */
    public static Path fashionMnist() {
        boolean complete = Files.isRegularFile(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz"))
                && Files.isRegularFile(FASHION_MNIST.resolve("train-labels-idx1-ubyte.gz"))
                && Files.isRegularFile(FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"))
                && Files.isRegularFile(FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz"));
        require(complete, "Fashion-MNIST in " + FASHION_MNIST, "install it with 'sudo apt-get install dataset-fashion-mnist'");
        return FASHION_MNIST;
    }

    /** A file of the shared datasets (beside the checkout, in ../shared), such as the CIFAR-10 JPEG archive. */
    public static Path sharedFile(Path file, String what) {
        require(Files.isReadable(file), what + " at " + file.toAbsolutePath().normalize(),
                "put the team's shared datasets folder beside the checkout as ../shared (or set -Detiqueta.shared.dir)");
        return file;
    }
}
