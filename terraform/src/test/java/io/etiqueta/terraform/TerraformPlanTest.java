package io.etiqueta.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The deployment's Terraform checked for real, offline: the terraform binary and the AWS provider 5.100 from the
 * local plugin directory, in a temporary copy of this folder (no .terraform/ or state lands in the checkout).
 * init, fmt, validate, then plans with dummy credentials whose JSON ({@code terraform show -json}) must list every
 * resource with the settings the deployment depends on.
 */
class TerraformPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "etiqueta-plan-test";

    @TempDir static Path workDir;
    private static TerraformCli terraform;

    @BeforeAll static void initialiseOffline() throws IOException {
        List<String> missing = TerraformCli.missing();
        if (!missing.isEmpty()) {
            String message = "terraform checks need " + String.join(" and ", missing);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(message);
            Assumptions.abort(message + "; skipped here, and failing where CI=true");
        }
        terraform = TerraformCli.initialise(Path.of(System.getProperty("etiqueta.terraform.dir", ".")), workDir);
    }

    /** Removes init's link to the plugin directory first, so the temporary folder's cleanup has only plain files. */
    @AfterAll static void unlinkProviders() throws IOException {
        Path initialised = workDir.resolve(".terraform");
        if (!Files.exists(initialised)) return;
        try (Stream<Path> paths = Files.walk(initialised)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }

    @Test void isFormattedAndValid() throws IOException {
        assertThat(terraform.run("fmt", "-check", "-diff", "-no-color").exitCode())
                .as("terraform fmt -check (run terraform fmt in terraform/)").isZero();
        JsonNode validation = JSON.readTree(terraform.expectSuccess("validate", "-json", "-no-color"));
        assertThat(validation.path("valid").asBoolean()).as(validation.toPrettyString()).isTrue();
        assertThat(validation.path("error_count").asInt()).isZero();
        assertThat(validation.path("warning_count").asInt()).as(validation.toPrettyString()).isZero();
        // the lock file the checkout commits pins the provider build validated here
        assertThat(Files.readString(workDir.resolve(".terraform.lock.hcl")))
                .contains("registry.terraform.io/hashicorp/aws").contains("version     = \"" + TerraformCli.PROVIDER_VERSION_PREFIX);
    }

    @Test void theImagePlanListsEveryResourceWithItsKeySettings() throws IOException {
        Plan plan = plan("image", "-var", "function_url=true",
                "-var", "backend_role_names=[\"website-backend\"]", "-var", "search_runner_role_names=[\"search-runner\"]");

        assertThat(plan.managedAddresses()).containsExactlyInAnyOrderElementsOf(List.of(
                // the store
                "aws_s3_bucket.store", "aws_s3_bucket_versioning.store", "aws_s3_bucket_public_access_block.store",
                "aws_s3_bucket_server_side_encryption_configuration.store", "aws_s3_bucket_lifecycle_configuration.store",
                "aws_s3_bucket_policy.store",
                // the labelling function
                "aws_ecr_repository.function[0]", "aws_ecr_lifecycle_policy.function[0]", "aws_iam_role.function[0]",
                "aws_iam_role_policy_attachment.function_logs[0]", "aws_iam_role_policy.function_read[0]",
                "aws_cloudwatch_log_group.function[0]", "aws_lambda_function.label[0]", "aws_lambda_alias.live[0]",
                "aws_lambda_function_url.label[0]", "aws_iam_policy.invoke[0]",
                "aws_iam_role_policy_attachment.backend_invoke[\"website-backend\"]",
                // Batch: network
                "aws_vpc.batch[0]", "aws_internet_gateway.batch[0]", "aws_subnet.batch[0]", "aws_subnet.batch[1]",
                "aws_route_table.batch[0]", "aws_route_table_association.batch[0]", "aws_route_table_association.batch[1]",
                "aws_vpc_endpoint.s3[0]", "aws_security_group.batch[0]",
                // Batch: roles
                "aws_iam_role.batch_service[0]", "aws_iam_role_policy_attachment.batch_service[0]", "aws_iam_role.batch_instance[0]",
                "aws_iam_role_policy_attachment.batch_instance[0]", "aws_iam_instance_profile.batch_instance[0]",
                "aws_iam_role.job[0]", "aws_iam_role_policy.job_store[0]", "aws_iam_policy.search_runner[0]",
                "aws_iam_role_policy_attachment.search_runner[\"search-runner\"]",
                // Batch: compute, queue, job definition, image registry, logs
                "aws_batch_compute_environment.gpu[\"spot\"]", "aws_batch_compute_environment.gpu[\"on_demand\"]", "aws_batch_job_queue.worker[0]",
                "aws_batch_job_definition.worker[0]", "aws_ecr_repository.worker[0]", "aws_ecr_lifecycle_policy.worker[0]",
                "aws_cloudwatch_log_group.worker[0]"));
        assertThat(plan.changes.values()).allSatisfy(change ->
                assertThat(change.path("change").path("actions").toString()).isIn("[\"create\"]", "[\"read\"]"));

        // Spot first, on-demand after; both GPU g5, scaling to zero, on the ECS GPU AMI
        JsonNode spot = plan.values("aws_batch_compute_environment.gpu[\"spot\"]").path("compute_resources").get(0);
        JsonNode onDemand = plan.values("aws_batch_compute_environment.gpu[\"on_demand\"]").path("compute_resources").get(0);
        assertThat(spot.path("type").asText()).isEqualTo("SPOT");
        assertThat(onDemand.path("type").asText()).isEqualTo("EC2");
        for (JsonNode resources : List.of(spot, onDemand)) {
            assertThat(texts(resources.path("instance_type"))).containsExactlyInAnyOrder("g5.xlarge", "g5.2xlarge");
            assertThat(resources.path("min_vcpus").asInt()).isZero();
            assertThat(resources.path("ec2_configuration").get(0).path("image_type").asText()).isEqualTo("ECS_AL2_NVIDIA");
        }
        JsonNode order = plan.expressions("aws_batch_job_queue.worker[0]").path("compute_environment_order");
        assertThat(order.get(0).path("order").path("constant_value").asInt()).isEqualTo(1);
        assertThat(texts(order.get(0).path("compute_environment").path("references"))).contains("aws_batch_compute_environment.gpu[\"spot\"]");
        assertThat(order.get(1).path("order").path("constant_value").asInt()).isEqualTo(2);
        assertThat(texts(order.get(1).path("compute_environment").path("references"))).contains("aws_batch_compute_environment.gpu[\"on_demand\"]");

        // the job definition: retries host and Spot failures, pulls and the worker's 75, not the trial's own failure
        JsonNode job = plan.values("aws_batch_job_definition.worker[0]");
        assertThat(texts(job.path("platform_capabilities"))).containsExactly("EC2");
        assertThat(job.path("timeout").get(0).path("attempt_duration_seconds").asInt()).isEqualTo(21600);
        JsonNode retry = job.path("retry_strategy").get(0);
        assertThat(retry.path("attempts").asInt()).isEqualTo(3);
        List<String> conditions = new ArrayList<>();
        retry.path("evaluate_on_exit").forEach(c -> conditions.add(c.path("action").asText().toUpperCase() + " "
                + c.path("on_status_reason").asText("") + c.path("on_reason").asText("") + c.path("on_exit_code").asText("")));
        assertThat(conditions).containsExactly("RETRY Host EC2*", "RETRY CannotPullContainerError*", "RETRY 75", "EXIT *");
        assertThat(texts(plan.expressions("aws_batch_job_definition.worker[0]").path("container_properties").path("references")))
                .contains("data.aws_ecr_image.worker[0].image_digest", "local.worker_resources", "local.worker_log_configuration",
                        "aws_iam_role.job[0].arn");
        // the container's resources and log settings (the ARNs around them are known only after apply)
        String printed = terraform.console("jsonencode({resources = local.worker_resources, log = local.worker_log_configuration})",
                "-var", "bucket_name=" + BUCKET);
        // the console prints a quoted string holding the JSON
        JsonNode container = JSON.readTree(JSON.readTree(printed.trim()).asText());
        assertThat(container.path("resources").toString())
                .contains("{\"type\":\"GPU\",\"value\":\"1\"}", "{\"type\":\"VCPU\",\"value\":\"4\"}", "{\"type\":\"MEMORY\",\"value\":\"15000\"}");
        assertThat(container.path("log").path("logDriver").asText()).isEqualTo("awslogs");
        assertThat(container.path("log").path("options").path("awslogs-group").asText())
                .isEqualTo(plan.values("aws_cloudwatch_log_group.worker[0]").path("name").asText());
        assertThat(plan.values("aws_cloudwatch_log_group.worker[0]").path("retention_in_days").asInt()).isEqualTo(30);
        assertThat(plan.changes).containsKey("data.aws_ecr_image.worker[0]");

        // the job role reads and writes the store's prefix and nothing else of the bucket
        JsonNode jobPolicy = JSON.readTree(plan.values("aws_iam_role_policy.job_store[0]").path("policy").asText());
        assertThat(jobPolicy.toString()).contains("\"arn:aws:s3:::" + BUCKET + "/store/*\"")
                .doesNotContain("\"arn:aws:s3:::" + BUCKET + "/*\"");
        assertThat(jobPolicy.toString()).contains("s3:PutObject", "s3:GetObject");
        assertThat(plan.dataActions("data.aws_iam_policy_document.search_runner[0]"))
                .contains("batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob", "batch:ListJobs");

        // the network: an S3 gateway endpoint in the created VPC
        JsonNode endpoint = plan.values("aws_vpc_endpoint.s3[0]");
        assertThat(endpoint.path("vpc_endpoint_type").asText()).isEqualTo("Gateway");
        assertThat(endpoint.path("service_name").asText()).isEqualTo("com.amazonaws.eu-west-1.s3");

        // the bucket: old versions and uploads expire, plain HTTP is refused
        JsonNode rules = plan.values("aws_s3_bucket_lifecycle_configuration.store").path("rule");
        Map<String, JsonNode> byId = new HashMap<>();
        rules.forEach(r -> byId.put(r.path("id").asText(), r));
        assertThat(byId.get("expire-noncurrent-versions").path("noncurrent_version_expiration").get(0).path("noncurrent_days").asInt()).isEqualTo(30);
        assertThat(byId.get("expire-uploads").path("filter").get(0).path("prefix").asText()).isEqualTo("uploads/");
        assertThat(byId.get("expire-uploads").path("expiration").get(0).path("days").asInt()).isEqualTo(1);
        assertThat(rules).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("Enabled"));
        JsonNode deny = JSON.readTree(plan.values("aws_s3_bucket_policy.store").path("policy").asText()).path("Statement").get(0);
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.path("Action").asText()).isEqualTo("s3:*");
        assertThat(deny.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
        assertThat(texts(deny.path("Resource"))).containsExactlyInAnyOrder("arn:aws:s3:::" + BUCKET, "arn:aws:s3:::" + BUCKET + "/*");

        // the function: the image by digest (resolved from the tag by data.aws_ecr_image), published, reserved concurrency
        JsonNode function = plan.values("aws_lambda_function.label[0]");
        assertThat(function.path("package_type").asText()).isEqualTo("Image");
        assertThat(function.path("publish").asBoolean()).isTrue();
        assertThat(function.path("reserved_concurrent_executions").asInt()).isEqualTo(10);
        assertThat(function.path("architectures").toString()).isEqualTo("[\"x86_64\"]");
        assertThat(texts(plan.expressions("aws_lambda_function.label[0]").path("image_uri").path("references")))
                .contains("data.aws_ecr_image.function[0].image_digest");
        assertThat(plan.changes).containsKey("data.aws_ecr_image.function[0]");
        JsonNode url = plan.values("aws_lambda_function_url.label[0]");
        assertThat(url.path("authorization_type").asText()).isEqualTo("AWS_IAM");
        assertThat(url.path("qualifier").asText()).isEqualTo("live");
        assertThat(plan.dataActions("data.aws_iam_policy_document.invoke[0]")).contains("lambda:InvokeFunction", "lambda:InvokeFunctionUrl");
        assertThat(plan.values("aws_iam_role_policy_attachment.backend_invoke[\"website-backend\"]").path("role").asText()).isEqualTo("website-backend");

        assertThat(plan.outputs()).contains("store", "batch_job_queue", "batch_job_definition", "function_alias_arn",
                "function_url", "invoke_policy_arn", "search_runner_policy_arn", "worker_repository_url", "function_repository_url");
        assertThat(plan.outputValue("store")).isEqualTo("s3://" + BUCKET + "/store");
    }

    @Test void theZipPlanOffersSnapStartOnAPublishedVersionBehindTheAlias() throws IOException {
        // and a labelling-only deployment: no Batch, no network, no worker registry
        Plan plan = plan("zip", "-var", "packaging=zip", "-var", "snap_start=true", "-var", "zip_object_version=v42",
                "-var", "batch_enabled=false");
        assertThat(plan.managedAddresses()).noneMatch(a -> a.contains("batch") || a.contains("worker") || a.contains("vpc") || a.contains("subnet"))
                .contains("aws_s3_bucket.store", "aws_lambda_function.label[0]", "aws_lambda_alias.live[0]", "aws_iam_policy.invoke[0]");
        assertThat(plan.outputValue("batch_job_queue")).isNull();
        JsonNode function = plan.values("aws_lambda_function.label[0]");
        assertThat(function.path("package_type").asText()).isEqualTo("Zip");
        assertThat(function.path("runtime").asText()).isEqualTo("java21");
        assertThat(function.path("handler").asText()).isEqualTo("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest");
        assertThat(function.path("s3_object_version").asText()).isEqualTo("v42");
        assertThat(function.path("snap_start").get(0).path("apply_on").asText()).isEqualTo("PublishedVersions");
        assertThat(function.path("publish").asBoolean()).isTrue();
        // SnapStart allows no more than 512 MB of /tmp
        assertThat(function.path("ephemeral_storage").get(0).path("size").asInt()).isEqualTo(512);
        assertThat(plan.values("aws_lambda_alias.live[0]").path("name").asText()).isEqualTo("live");
        assertThat(plan.changes).doesNotContainKey("data.aws_ecr_image.function[0]").doesNotContainKey("aws_lambda_function_url.label[0]");
    }

    @Test void aSearchOnlyDeploymentHasTheStoreAndBatchButNoFunction() throws IOException {
        Plan plan = plan("search-only", "-var", "function_enabled=false", "-var", "backend_role_names=[\"website-backend\"]");
        assertThat(plan.managedAddresses()).noneMatch(a -> a.contains("lambda") || a.contains("function") || a.contains("invoke"))
                .contains("aws_s3_bucket.store", "aws_s3_bucket_policy.store", "aws_batch_job_queue.worker[0]", "aws_batch_job_definition.worker[0]",
                        "aws_iam_policy.search_runner[0]");
        assertThat(plan.changes).doesNotContainKey("data.aws_ecr_image.function[0]");
        assertThat(plan.outputValue("search_executor")).isEqualTo("executor: {kind: batch, queue: etiqueta-gpu, job_definition: etiqueta-worker}");
    }

    @Test void snapStartOnTheImageIsRefusedWithTheReason() {
        TerraformCli.Result result = terraform.run("plan", "-input=false", "-refresh=false", "-lock=false", "-no-color",
                "-var", "bucket_name=" + BUCKET, "-var", "snap_start=true");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("snap_start = true needs packaging = \"zip\"");
    }

    // --- reading plans ---------------------------------------------------------------------------------------

    private static Plan plan(String name, String... vars) throws IOException {
        List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-refresh=false", "-lock=false", "-no-color",
                "-out=" + name + ".tfplan", "-var", "bucket_name=" + BUCKET));
        args.addAll(List.of(vars));
        terraform.expectSuccess(args.toArray(String[]::new));
        return new Plan(JSON.readTree(terraform.expectSuccess("show", "-json", "-no-color", name + ".tfplan")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private record Plan(JsonNode json, Map<String, JsonNode> changes, Map<String, JsonNode> planned, Map<String, JsonNode> configured) {
        Plan(JsonNode json) {
            this(json, byAddress(json.path("resource_changes")), byAddress(json.path("planned_values").path("root_module").path("resources")),
                    byAddress(json.path("configuration").path("root_module").path("resources")));
        }

        private static Map<String, JsonNode> byAddress(JsonNode array) {
            Map<String, JsonNode> map = new HashMap<>();
            array.forEach(n -> map.put(n.path("address").asText(), n));
            return map;
        }

        Set<String> managedAddresses() {
            Set<String> addresses = new TreeSet<>();
            changes.forEach((address, change) -> { if ("managed".equals(change.path("mode").asText())) addresses.add(address); });
            return addresses;
        }

        JsonNode values(String address) {
            assertThat(planned).as("planned resources").containsKey(address);
            return planned.get(address).path("values");
        }

        /** The resource's configuration as written (references, constants), by address without an index. */
        JsonNode expressions(String address) {
            address = address.replaceAll("\\[\\d+]$", "");
            assertThat(configured).as("configured resources").containsKey(address);
            return configured.get(address).path("expressions");
        }

        /** Every constant action of an aws_iam_policy_document's statements (including dynamic ones' content). */
        List<String> dataActions(String address) {
            List<String> actions = new ArrayList<>();
            expressions(address).findValues("actions").forEach(a -> a.path("constant_value").forEach(v -> actions.add(v.asText())));
            return actions;
        }

        Set<String> outputs() {
            Set<String> names = new TreeSet<>();
            json.path("configuration").path("root_module").path("outputs").fieldNames().forEachRemaining(names::add);
            return names;
        }

        String outputValue(String name) {
            JsonNode value = json.path("planned_values").path("outputs").path(name).path("value");
            return value.isMissingNode() || value.isNull() ? null : value.asText();
        }
    }
}
