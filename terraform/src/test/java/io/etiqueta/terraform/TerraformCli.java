package io.etiqueta.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real terraform binary, run offline against a copy of this folder's configuration: the AWS provider comes from
 * a local plugin directory (no registry), credentials are dummies and the provider is told not to check them
 * (an override file written into the copy only), so nothing reaches AWS.
 */
final class TerraformCli {
    /** The provider release the configuration is validated against (versions.tf pins ~> 5.100). */
    static final String PROVIDER_VERSION_PREFIX = "5.100.";
    private static final Path DEFAULT_PLUGIN_DIR = Path.of("/opt/tf-plugins");
    private static final String PROVIDER_PATH = "registry.terraform.io/hashicorp/aws";
    private static final long COMMAND_TIMEOUT_S = 300;

    /** Only ever written into the temporary copy: the committed configuration keeps the real provider block. */
    static final String OFFLINE_PROVIDER_OVERRIDE = """
            # written by the test into its copy: dummy credentials, and nothing the provider would ask AWS at plan
            provider "aws" {
              access_key                  = "AKIAIOSFODNN7EXAMPLE"
              secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
              skip_credentials_validation = true
              skip_requesting_account_id  = true
              skip_metadata_api_check     = true
              skip_region_validation      = true
            }
            """;

    private final Path terraform;
    private final Path pluginDir;
    private final Path workDir;

    private TerraformCli(Path terraform, Path pluginDir, Path workDir) {
        this.terraform = terraform;
        this.pluginDir = pluginDir;
        this.workDir = workDir;
    }

    record Result(int exitCode, String output) {}

    /** What is missing to run terraform offline here, or empty when terraform and the provider are both present. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (terraformBinary().isEmpty()) {
            missing.add("the terraform binary (1.11 on this machine kind: /usr/local/bin/terraform; set $TERRAFORM to another)");
        }
        if (providerDir().isEmpty()) {
            missing.add("the AWS provider " + PROVIDER_VERSION_PREFIX + "x in a local plugin directory (" + DEFAULT_PLUGIN_DIR + "/"
                    + PROVIDER_PATH + "/" + PROVIDER_VERSION_PREFIX + "0/linux_amd64/terraform-provider-aws_*; set $ETIQUETA_TF_PLUGIN_DIR to another root)");
        }
        return missing;
    }

    /** Copies the configuration (*.tf and the lock file, nothing else) into {@code workDir} and runs terraform init there. */
    static TerraformCli initialise(Path configuration, Path workDir) throws IOException {
        try (Stream<Path> files = Files.list(configuration)) {
            for (Path file : files.filter(TerraformCli::isConfiguration).toList()) {
                Files.copy(file, workDir.resolve(file.getFileName()));
            }
        }
        Files.writeString(workDir.resolve("offline_override.tf"), OFFLINE_PROVIDER_OVERRIDE);
        // an empty CLI configuration: no user's mirrors, credentials or plugin cache take part
        Files.writeString(workDir.resolve("terraform.rc"), "");
        TerraformCli cli = new TerraformCli(terraformBinary().orElseThrow(), pluginRoot().orElseThrow(), workDir);
        // -lockfile=readonly: the committed .terraform.lock.hcl must already name this provider build
        cli.expectSuccess("init", "-backend=false", "-input=false", "-no-color", "-lockfile=readonly", "-plugin-dir=" + cli.pluginDir);
        return cli;
    }

    Path workDir() { return workDir; }

    Result run(String... args) {
        return run("", args);
    }

    /** terraform console: evaluates one expression against the configuration and prints its value. */
    String console(String expression, String... args) {
        List<String> all = new ArrayList<>(List.of("console", "-no-color"));
        all.addAll(Arrays.asList(args));
        Result result = run(expression + "\n", all.toArray(String[]::new));
        if (result.exitCode() != 0) throw new AssertionError("terraform console exited " + result.exitCode() + ":\n" + result.output());
        return result.output();
    }

    private Result run(String input, String... args) {
        List<String> command = new ArrayList<>();
        command.add(terraform.toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
        env.put("TF_CLI_CONFIG_FILE", workDir.resolve("terraform.rc").toString());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", workDir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-aws-credentials").toString());
        try {
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("terraform " + String.join(" ", args) + " ran over " + COMMAND_TIMEOUT_S + " s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String expectSuccess(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("terraform " + String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    private static boolean isConfiguration(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".tf") || name.equals(".terraform.lock.hcl"));
    }

    private static Optional<Path> terraformBinary() {
        String given = System.getenv("TERRAFORM");
        if (given != null && !given.isBlank()) return Optional.of(Path.of(given)).filter(Files::isExecutable);
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Arrays.stream(path.split(":")).filter(p -> !p.isBlank()).map(Path::of), Stream.of(Path.of("/usr/local/bin")))
                .map(dir -> dir.resolve("terraform"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Optional<Path> pluginRoot() {
        String given = System.getenv("ETIQUETA_TF_PLUGIN_DIR");
        return Optional.of(given != null && !given.isBlank() ? Path.of(given) : DEFAULT_PLUGIN_DIR).filter(Files::isDirectory);
    }

    /** The provider's version folder under the plugin root, when a 5.100.x linux_amd64 build is there. */
    private static Optional<Path> providerDir() {
        Optional<Path> root = pluginRoot();
        if (root.isEmpty()) return Optional.empty();
        Path versions = root.get().resolve(PROVIDER_PATH);
        if (!Files.isDirectory(versions)) return Optional.empty();
        try (Stream<Path> entries = Files.list(versions)) {
            return entries.filter(v -> v.getFileName().toString().startsWith(PROVIDER_VERSION_PREFIX))
                    .filter(v -> hasProviderBinary(v.resolve("linux_amd64")))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean hasProviderBinary(Path platformDir) {
        if (!Files.isDirectory(platformDir)) return false;
        try (Stream<Path> files = Files.list(platformDir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("terraform-provider-aws_"));
        } catch (IOException e) {
            return false;
        }
    }
}
