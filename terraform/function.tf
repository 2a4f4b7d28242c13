# --- the labelling function (function/lambda) ---------------------------------------------------------------------

locals {
  function      = var.function_enabled
  function_name = "${var.name}-label"
  image         = var.packaging == "image"
  # zip without SnapStart unpacks 389 MB of natives into /tmp at every cold start; the image carries them unpacked;
  # SnapStart restores /tmp with the snapshot and does not allow more than 512 MB (see docs/function.md)
  ephemeral_mb = var.packaging == "zip" && !var.snap_start ? 1024 : 512
}

resource "aws_ecr_repository" "function" {
  count                = local.function ? 1 : 0
  name                 = "${var.name}-function"
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "function" {
  count      = local.function ? 1 : 0
  repository = aws_ecr_repository.function[0].name
  policy     = local.keep_last_10_images
}

locals {
  keep_last_10_images = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last 10 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 10 }
      action       = { type = "expire" }
    }]
  })
}

# the image the tag points at NOW, resolved to its digest: the function runs that exact image, and a re-push of
# the tag reaches the function at the next apply (a tag alone would never be re-read by Lambda)
data "aws_ecr_image" "function" {
  count           = local.function && local.image ? 1 : 0
  repository_name = aws_ecr_repository.function[0].name
  image_tag       = var.image_tag
}

# --- its permissions -------------------------------------------------------------------------------------------

resource "aws_iam_role" "function" {
  count              = local.function ? 1 : 0
  name               = "${var.name}-function"
  assume_role_policy = data.aws_iam_policy_document.assume["lambda"].json
}

resource "aws_iam_role_policy_attachment" "function_logs" {
  count      = local.function ? 1 : 0
  role       = aws_iam_role.function[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# read-only: the function reads champion.json, bundles and images; it never writes the store
data "aws_iam_policy_document" "function_read" {
  statement {
    sid       = "ReadStoreAndImages"
    actions   = ["s3:GetObject"]
    resources = [for b in local.image_buckets : "arn:${data.aws_partition.current.partition}:s3:::${b}/*"]
  }
  statement {
    sid       = "ListForNotFound"
    actions   = ["s3:ListBucket"]
    resources = [for b in local.image_buckets : "arn:${data.aws_partition.current.partition}:s3:::${b}"]
  }
}

locals {
  image_buckets = concat([var.bucket_name], var.image_buckets)
}

resource "aws_iam_role_policy" "function_read" {
  count  = local.function ? 1 : 0
  name   = "${var.name}-read-store"
  role   = aws_iam_role.function[0].id
  policy = data.aws_iam_policy_document.function_read.json
}

resource "aws_cloudwatch_log_group" "function" {
  count             = local.function ? 1 : 0
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
}

# --- the function, its published version and alias ---------------------------------------------------------------

resource "aws_lambda_function" "label" {
  count         = local.function ? 1 : 0
  function_name = local.function_name
  role          = aws_iam_role.function[0].arn
  architectures = ["x86_64"] # the natives are linux-x86_64-avx2
  memory_size   = var.memory_mb
  timeout       = var.timeout_s
  # every apply that changes code or settings publishes a version; the alias below moves to it
  publish = true
  # caps what one burst can cost and guarantees the website this much of the account's concurrency
  reserved_concurrent_executions = var.reserved_concurrency

  package_type = local.image ? "Image" : "Zip"
  # by digest, never by tag
  image_uri         = local.image ? "${aws_ecr_repository.function[0].repository_url}@${data.aws_ecr_image.function[0].image_digest}" : null
  s3_bucket         = local.image ? null : aws_s3_bucket.store.id
  s3_key            = local.image ? null : var.zip_key
  s3_object_version = local.image ? null : var.zip_object_version
  runtime           = local.image ? null : "java21"
  handler           = local.image ? null : "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"

  ephemeral_storage {
    size = local.ephemeral_mb
  }

  # SnapStart (zip only): Lambda initialises the published version once (the champion is loaded and one image
  # labelled, see SnapStartPriming), snapshots it, and starts every new environment from that snapshot
  dynamic "snap_start" {
    for_each = var.snap_start ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  environment {
    variables = merge({
      ETIQUETA_STORE         = local.store
      ETIQUETA_POLL_INTERVAL = var.poll_interval
      OMP_WAIT_POLICY        = "PASSIVE"
      }, local.image ? {} : {
      ETIQUETA_NATIVES_DIR = "/tmp/javacpp"
      JAVA_TOOL_OPTIONS    = "-Djava.awt.headless=true"
    })
  }

  lifecycle {
    precondition {
      condition     = !var.snap_start || var.packaging == "zip"
      error_message = "snap_start = true needs packaging = \"zip\": Lambda offers SnapStart for managed runtimes, not container images."
    }
  }

  depends_on = [aws_iam_role_policy_attachment.function_logs[0], aws_iam_role_policy.function_read[0], aws_cloudwatch_log_group.function[0]]
}

# callers name the alias, never $LATEST: with SnapStart only published versions are snapshotted, and the alias
# moves only when an apply published a new version
resource "aws_lambda_alias" "live" {
  count            = local.function ? 1 : 0
  name             = "live"
  function_name    = aws_lambda_function.label[0].function_name
  function_version = aws_lambda_function.label[0].version
}

# --- the website backend's access -----------------------------------------------------------------------------

# an HTTP entry point for backends that cannot sign Lambda Invoke calls but can sign HTTP requests (SigV4):
# AWS_IAM auth, so only principals holding the invoke policy below may call it
resource "aws_lambda_function_url" "label" {
  count              = local.function && var.function_url ? 1 : 0
  function_name      = aws_lambda_function.label[0].function_name
  qualifier          = aws_lambda_alias.live[0].name
  authorization_type = "AWS_IAM"
}

data "aws_iam_policy_document" "invoke" {
  count = local.function ? 1 : 0
  statement {
    sid       = "InvokeLabel"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.label[0].arn, aws_lambda_alias.live[0].arn]
  }
  # also without a function URL, so that turning one on later needs no change on the backend's side
  statement {
    sid       = "InvokeLabelUrl"
    actions   = ["lambda:InvokeFunctionUrl"]
    resources = [aws_lambda_function.label[0].arn, aws_lambda_alias.live[0].arn]
    condition {
      test     = "StringEquals"
      variable = "lambda:FunctionUrlAuthType"
      values   = ["AWS_IAM"]
    }
  }
}

resource "aws_iam_policy" "invoke" {
  count       = local.function ? 1 : 0
  name        = "${var.name}-invoke-label"
  description = "Invoke the etiqueta labelling function (and its function URL): attach to the website backend's role."
  policy      = data.aws_iam_policy_document.invoke[0].json
}

resource "aws_iam_role_policy_attachment" "backend_invoke" {
  for_each   = toset(local.function ? var.backend_role_names : [])
  role       = each.value
  policy_arn = aws_iam_policy.invoke[0].arn
}
