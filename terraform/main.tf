locals {
  store         = var.store_prefix == "" ? "s3://${var.bucket_name}" : "s3://${var.bucket_name}/${var.store_prefix}"
  image_buckets = concat([var.bucket_name], var.image_buckets)
  # the zip unpacks 389 MB of natives into /tmp at every cold start; the image carries them unpacked
  ephemeral_mb = var.packaging == "zip" ? 1024 : 512
}

# --- the store ---------------------------------------------------------------------------------------------------

resource "aws_s3_bucket" "store" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_versioning" "store" {
  bucket = aws_s3_bucket.store.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "store" {
  bucket                  = aws_s3_bucket.store.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "store" {
  bucket = aws_s3_bucket.store.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# --- the image registry ------------------------------------------------------------------------------------------

resource "aws_ecr_repository" "function" {
  name                 = "${var.name}-function"
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "function" {
  repository = aws_ecr_repository.function.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last 10 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 10 }
      action       = { type = "expire" }
    }]
  })
}

# --- permissions -------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = "${var.name}-function"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.function.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# read-only: the function reads champion.json, bundles and images; it never writes the store
data "aws_iam_policy_document" "read" {
  statement {
    sid       = "ReadStoreAndImages"
    actions   = ["s3:GetObject"]
    resources = [for b in local.image_buckets : "arn:aws:s3:::${b}/*"]
  }
  statement {
    sid       = "ListForNotFound"
    actions   = ["s3:ListBucket"]
    resources = [for b in local.image_buckets : "arn:aws:s3:::${b}"]
  }
}

resource "aws_iam_role_policy" "read" {
  name   = "${var.name}-read-store"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.read.json
}

# --- the function ------------------------------------------------------------------------------------------------

resource "aws_lambda_function" "label" {
  function_name = "${var.name}-label"
  role          = aws_iam_role.function.arn
  architectures = ["x86_64"] # the natives are linux-x86_64-avx2
  memory_size   = var.memory_mb
  timeout       = var.timeout_s

  package_type = var.packaging == "image" ? "Image" : "Zip"
  image_uri    = var.packaging == "image" ? "${aws_ecr_repository.function.repository_url}:${var.image_tag}" : null
  s3_bucket    = var.packaging == "zip" ? aws_s3_bucket.store.id : null
  s3_key       = var.packaging == "zip" ? var.zip_key : null
  runtime      = var.packaging == "zip" ? "java21" : null
  handler      = var.packaging == "zip" ? "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest" : null

  ephemeral_storage {
    size = local.ephemeral_mb
  }

  environment {
    variables = merge({
      ETIQUETA_STORE         = local.store
      ETIQUETA_POLL_INTERVAL = var.poll_interval
      OMP_WAIT_POLICY        = "PASSIVE"
      }, var.packaging == "zip" ? {
      ETIQUETA_NATIVES_DIR = "/tmp/javacpp"
      JAVA_TOOL_OPTIONS    = "-Djava.awt.headless=true"
    } : {})
  }

  depends_on = [aws_iam_role_policy_attachment.logs, aws_iam_role_policy.read]
}

resource "aws_cloudwatch_log_group" "label" {
  name              = "/aws/lambda/${aws_lambda_function.label.function_name}"
  retention_in_days = 30
}
