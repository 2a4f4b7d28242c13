# --- AWS Batch: the GPU workers that run a search's trials (`etiqueta worker`, docs/aws.md) ------------------------
#
# Two managed compute environments in one queue: Spot first, on-demand second. Batch places a job in the first
# environment of the queue that has room under its max_vcpus, so the on-demand environment takes jobs when the
# Spot one is at spot_max_vcpus (or disabled); set spot_max_vcpus low to make the fallback come sooner. Both scale
# to zero (min 0 vCPUs): nothing runs, nothing is paid, between searches.

locals {
  batch            = var.batch_enabled
  worker_log_group = "/aws/batch/${var.name}-worker"

  # what a worker job asks of an instance: one whole GPU (A10G on g5), and CPU and memory that fit g5.xlarge
  # (4 vCPUs, 16 GiB of which ECS registers about 15.3 GiB for tasks)
  worker_resources = [
    { type = "GPU", value = "1" },
    { type = "VCPU", value = tostring(var.job_vcpus) },
    { type = "MEMORY", value = tostring(var.job_memory_mib) },
  ]

  worker_log_configuration = {
    logDriver = "awslogs"
    options = {
      "awslogs-group"         = local.worker_log_group
      "awslogs-region"        = var.region
      "awslogs-stream-prefix" = "worker"
    }
  }

  # when Batch runs another attempt of a job (retry_strategy below); the first matching condition decides, and a
  # failure no condition matches is retried (Batch's rule), so the last one stops everything else with an exit code
  worker_retry_conditions = [
    # Spot reclaim or a host that died: "Host EC2 (instance i-...) terminated."
    { action = "RETRY", on_status_reason = "Host EC2*", on_exit_code = null, on_reason = null },
    # ECR or the network blinked while the instance pulled the image
    { action = "RETRY", on_status_reason = null, on_exit_code = null, on_reason = "CannotPullContainerError*" },
    # the worker itself asks for another attempt (the store stayed unreachable past its ride-out, ...)
    { action = "RETRY", on_status_reason = null, on_exit_code = tostring(var.worker_retry_exit_code), on_reason = null },
    # any other exit: the trial's own failure (bad configuration, out of memory, a bug); another attempt would fail
    # the same way at the same cost
    { action = "EXIT", on_status_reason = null, on_exit_code = "*", on_reason = null },
  ]
}

resource "aws_ecr_repository" "worker" {
  count                = local.batch ? 1 : 0
  name                 = "${var.name}-worker"
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "worker" {
  count      = local.batch ? 1 : 0
  repository = aws_ecr_repository.worker[0].name
  policy     = local.keep_last_10_images
}

# the worker image the tag points at now; the job definition names it by digest, so every attempt of a job
# (and a retried one) runs the same build
data "aws_ecr_image" "worker" {
  count           = local.batch ? 1 : 0
  repository_name = aws_ecr_repository.worker[0].name
  image_tag       = var.worker_image_tag
}

resource "aws_cloudwatch_log_group" "worker" {
  count             = local.batch ? 1 : 0
  name              = local.worker_log_group
  retention_in_days = var.log_retention_days
}

# --- roles --------------------------------------------------------------------------------------------------------

# Batch itself: creates and scales the instances and the ECS cluster behind the compute environments
resource "aws_iam_role" "batch_service" {
  count              = local.batch ? 1 : 0
  name               = "${var.name}-batch-service"
  assume_role_policy = data.aws_iam_policy_document.assume["batch"].json
}

resource "aws_iam_role_policy_attachment" "batch_service" {
  count      = local.batch ? 1 : 0
  role       = aws_iam_role.batch_service[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSBatchServiceRole"
}

# the GPU instances: join the ECS cluster, pull the worker image from ECR, send the container's log to CloudWatch
resource "aws_iam_role" "batch_instance" {
  count              = local.batch ? 1 : 0
  name               = "${var.name}-batch-instance"
  assume_role_policy = data.aws_iam_policy_document.assume["ec2"].json
}

resource "aws_iam_role_policy_attachment" "batch_instance" {
  count      = local.batch ? 1 : 0
  role       = aws_iam_role.batch_instance[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
}

resource "aws_iam_instance_profile" "batch_instance" {
  count = local.batch ? 1 : 0
  name  = "${var.name}-batch-instance"
  role  = aws_iam_role.batch_instance[0].name
}

# what `etiqueta worker` may do: read the trial's request and write its progress, bundle and record, in the store's
# prefix only
resource "aws_iam_role" "job" {
  count              = local.batch ? 1 : 0
  name               = "${var.name}-batch-job"
  assume_role_policy = data.aws_iam_policy_document.assume["ecs-tasks"].json
}

resource "aws_iam_role_policy" "job_store" {
  count  = local.batch ? 1 : 0
  name   = "${var.name}-store-read-write"
  role   = aws_iam_role.job[0].id
  policy = data.aws_iam_policy_document.store_read_write.json
}

# --- compute environments, queue, job definition ----------------------------------------------------------------

# The two environments differ only in how their instances are bought (and so in how Batch picks them)
locals {
  compute_environments = local.batch ? {
    spot      = { name = "spot", type = "SPOT", allocation_strategy = "SPOT_PRICE_CAPACITY_OPTIMIZED", bid_percentage = 100, max_vcpus = var.spot_max_vcpus }
    on_demand = { name = "ondemand", type = "EC2", allocation_strategy = "BEST_FIT_PROGRESSIVE", bid_percentage = null, max_vcpus = var.on_demand_max_vcpus }
  } : {}
}

resource "aws_batch_compute_environment" "gpu" {
  for_each                        = local.compute_environments
  compute_environment_name_prefix = "${var.name}-gpu-${each.value.name}-"
  type                            = "MANAGED"
  service_role                    = aws_iam_role.batch_service[0].arn

  compute_resources {
    type                = each.value.type
    allocation_strategy = each.value.allocation_strategy
    bid_percentage      = each.value.bid_percentage
    instance_type       = var.instance_types
    min_vcpus           = 0
    max_vcpus           = each.value.max_vcpus
    instance_role       = aws_iam_instance_profile.batch_instance[0].arn
    subnets             = local.subnet_ids
    security_group_ids  = local.security_group_ids
    # the ECS-optimised Amazon Linux 2 AMI with the NVIDIA driver and container toolkit: the worker image brings
    # CUDA's user-space libraries, the host brings the driver
    ec2_configuration {
      image_type = "ECS_AL2_NVIDIA"
    }
  }

  # a changed environment is replaced: make the new one before the queue lets go of the old
  lifecycle {
    create_before_destroy = true
  }
  depends_on = [aws_iam_role_policy_attachment.batch_service[0]]
}

resource "aws_batch_job_queue" "worker" {
  count    = local.batch ? 1 : 0
  name     = "${var.name}-gpu"
  state    = "ENABLED"
  priority = 1

  # Spot first, on-demand when Spot is full
  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.gpu["spot"].arn
  }
  compute_environment_order {
    order               = 2
    compute_environment = aws_batch_compute_environment.gpu["on_demand"].arn
  }
}

resource "aws_batch_job_definition" "worker" {
  count                 = local.batch ? 1 : 0
  name                  = "${var.name}-worker"
  type                  = "container"
  platform_capabilities = ["EC2"]
  propagate_tags        = true

  # the coordinator's SubmitJob overrides the command (`worker --store ... --search ... --trial ...`) and may
  # override attempts and timeout per trial; these are the defaults
  container_properties = jsonencode({
    image                = "${aws_ecr_repository.worker[0].repository_url}@${data.aws_ecr_image.worker[0].image_digest}"
    jobRoleArn           = aws_iam_role.job[0].arn
    resourceRequirements = local.worker_resources
    environment = [
      { name = "ETIQUETA_STORE", value = local.store },
      { name = "AWS_REGION", value = var.region },
    ]
    logConfiguration = local.worker_log_configuration
  })

  retry_strategy {
    attempts = var.job_attempts
    dynamic "evaluate_on_exit" {
      for_each = local.worker_retry_conditions
      content {
        action           = evaluate_on_exit.value.action
        on_status_reason = evaluate_on_exit.value.on_status_reason
        on_exit_code     = evaluate_on_exit.value.on_exit_code
        on_reason        = evaluate_on_exit.value.on_reason
      }
    }
  }

  timeout {
    attempt_duration_seconds = var.job_timeout_s
  }

  depends_on = [aws_cloudwatch_log_group.worker[0]]
}

# --- whoever runs searches (`etiqueta search start/status/stop/resume` on a laptop or CI) -------------------------

data "aws_iam_policy_document" "search_runner" {
  count                   = local.batch ? 1 : 0
  source_policy_documents = [data.aws_iam_policy_document.store_read_write.json]

  statement {
    sid     = "SubmitToTheQueueWithTheDefinition"
    actions = ["batch:SubmitJob"]
    resources = [
      aws_batch_job_queue.worker[0].arn,
      aws_batch_job_definition.worker[0].arn_prefix,
      "${aws_batch_job_definition.worker[0].arn_prefix}:*",
    ]
  }
  statement {
    sid     = "TerminateJobs"
    actions = ["batch:TerminateJob"]
    # this account's and region's jobs (the queue's ARN up to "job-queue/")
    resources = ["${split("job-queue/", aws_batch_job_queue.worker[0].arn)[0]}job/*"]
  }
  statement {
    sid = "WatchJobs"
    # these take no resource-level permission
    actions   = ["batch:DescribeJobs", "batch:ListJobs", "batch:DescribeJobQueues", "batch:DescribeJobDefinitions"]
    resources = ["*"]
  }
  statement {
    sid       = "ReadWorkerLogs"
    actions   = ["logs:GetLogEvents", "logs:FilterLogEvents"]
    resources = ["${aws_cloudwatch_log_group.worker[0].arn}:*"]
  }
}

resource "aws_iam_policy" "search_runner" {
  count       = local.batch ? 1 : 0
  name        = "${var.name}-search-runner"
  description = "Run etiqueta searches on AWS Batch: submit, watch and stop worker jobs, read and write the store."
  policy      = data.aws_iam_policy_document.search_runner[0].json
}

resource "aws_iam_role_policy_attachment" "search_runner" {
  for_each   = toset(local.batch ? var.search_runner_role_names : [])
  role       = each.value
  policy_arn = aws_iam_policy.search_runner[0].arn
}
