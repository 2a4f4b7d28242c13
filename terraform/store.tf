# --- the store bucket: champion.json, searches, trials, bundles, reports; and uploads to label -------------------

locals {
  store         = var.store_prefix == "" ? "s3://${var.bucket_name}" : "s3://${var.bucket_name}/${var.store_prefix}"
  bucket_arn    = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket_name}"
  store_objects = var.store_prefix == "" ? "${local.bucket_arn}/*" : "${local.bucket_arn}/${var.store_prefix}/*"
}

resource "aws_s3_bucket" "store" {
  bucket = var.bucket_name
}

# versioned: a bad promotion or an overwritten record can be recovered; the lifecycle below bounds what it keeps
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

resource "aws_s3_bucket_lifecycle_configuration" "store" {
  bucket = aws_s3_bucket.store.id
  # lifecycle rules on a bucket whose versioning is still being enabled are rejected
  depends_on = [aws_s3_bucket_versioning.store]

  # every record and champion.json is rewritten in place (compare-and-swap): each write leaves a noncurrent version
  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }

  # no days here: S3 refuses days and expired_object_delete_marker in one expiration
  rule {
    id     = "remove-expired-delete-markers"
    status = "Enabled"
    filter {}
    expiration {
      expired_object_delete_marker = true
    }
  }

  # images a website puts here to be labelled by bucket and key are transient
  rule {
    id     = "expire-uploads"
    status = "Enabled"
    filter {
      prefix = var.upload_prefix
    }
    expiration {
      days = var.upload_expiry_days
    }
  }
}

# TLS only: any request over plain HTTP is refused, whoever signs it
data "aws_iam_policy_document" "store_tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arn, "${local.bucket_arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "store" {
  bucket = aws_s3_bucket.store.id
  policy = data.aws_iam_policy_document.store_tls_only.json
  # the public-access block must exist first, or S3 may judge the policy against a bucket that still allows it
  depends_on = [aws_s3_bucket_public_access_block.store]
}

# read and write the store's prefix, nothing else of the bucket: the Batch job role and whoever runs searches
data "aws_iam_policy_document" "store_read_write" {
  statement {
    sid       = "StoreObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = [local.store_objects]
  }
  # unconditioned (no s3:prefix condition): S3 answers a read of a missing key with 404 only to a caller that may
  # list the bucket, and the store tells "absent" (no champion yet, a new record) from "refused" by that 404.
  # Listing reveals key names, not contents.
  statement {
    sid       = "ListBucketFor404"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]
  }
}
