# --- shared --------------------------------------------------------------------------------------------------------

variable "region" {
  description = "AWS region for everything (bucket, registries, function, Batch)."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "etiqueta"
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the function's and the workers' logs."
  type        = number
  default     = 30
}

# --- the store -------------------------------------------------------------------------------------------------------

variable "bucket_name" {
  description = "The store bucket (champion.json, searches, trials, bundles, reports) and where images to label may be put."
  type        = string
}

variable "store_prefix" {
  description = "Key prefix of the store inside the bucket (no leading or trailing slash); empty for the bucket root."
  type        = string
  default     = "store"
  validation {
    condition     = !startswith(var.store_prefix, "/") && !endswith(var.store_prefix, "/")
    error_message = "store_prefix has no leading or trailing slash (for example \"store\")."
  }
}

variable "upload_prefix" {
  description = "Key prefix (with its trailing slash) where a website puts images to label by bucket and key; they expire after upload_expiry_days."
  type        = string
  default     = "uploads/"
}

variable "upload_expiry_days" {
  description = "Days after which an upload under upload_prefix is deleted."
  type        = number
  default     = 1
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted object's old version is kept (the bucket is versioned)."
  type        = number
  default     = 30
}

# --- the labelling function ------------------------------------------------------------------------------------------

variable "function_enabled" {
  description = "Deploy the labelling function (and its image registry, alias, invoke policy); false for a search-only deployment."
  type        = bool
  default     = true
}

variable "packaging" {
  description = "\"image\" (container image from ECR, natives unpacked at build time: the default, see docs/function.md) or \"zip\" (function.zip uploaded to the bucket; offers SnapStart)."
  type        = string
  default     = "image"
  validation {
    condition     = contains(["image", "zip"], var.packaging)
    error_message = "packaging must be \"image\" or \"zip\"."
  }
}

variable "image_tag" {
  description = "Tag of the function image in its ECR repository (packaging = image); the function runs the digest it points at when applied."
  type        = string
  default     = "latest"
}

variable "zip_key" {
  description = "Key of function.zip in the bucket (packaging = zip)."
  type        = string
  default     = "deploy/function.zip"
}

variable "zip_object_version" {
  description = "S3 version id of function.zip (packaging = zip): set it (aws s3api put-object prints it) so a re-upload reaches the function at the next apply."
  type        = string
  default     = null
}

variable "snap_start" {
  description = "SnapStart for the zip packaging: the published version starts from a snapshot taken after the champion is loaded and one image labelled."
  type        = bool
  default     = false
}

variable "memory_mb" {
  description = "Function memory; Lambda gives CPU in proportion (about 1 vCPU per 1769 MB)."
  type        = number
  default     = 3008
}

variable "timeout_s" {
  description = "Function timeout; the first invocation of an environment loads the champion."
  type        = number
  default     = 30
}

variable "reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) the function; -1 for none (shares the account's pool, no cap)."
  type        = number
  default     = 10
  validation {
    condition     = var.reserved_concurrency >= -1
    error_message = "reserved_concurrency is -1 (none) or a number of executions (0 stops every invocation)."
  }
}

variable "poll_interval" {
  description = "How often a warm function reads champion.json to notice a promotion."
  type        = string
  default     = "10s"
}

variable "image_buckets" {
  description = "Buckets (besides the store bucket) whose objects the function may read as images."
  type        = list(string)
  default     = []
}

variable "function_url" {
  description = "Give the function an HTTPS endpoint (function URL, AWS_IAM auth: callers sign requests with SigV4) for backends that cannot call lambda:Invoke."
  type        = bool
  default     = false
}

variable "backend_role_names" {
  description = "IAM roles (the website backend's) given the invoke policy; the policy's ARN is also an output, to attach elsewhere."
  type        = list(string)
  default     = []
}

# --- AWS Batch --------------------------------------------------------------------------------------------------------

variable "batch_enabled" {
  description = "Deploy the AWS Batch GPU workers (queue, job definition, compute, network, worker registry); false for a labelling-only deployment."
  type        = bool
  default     = true
}

variable "subnet_ids" {
  description = "Subnets for the GPU instances (with security_group_ids); empty: a small VPC with public subnets and an S3 gateway endpoint is created."
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups for the GPU instances; empty: one with no inbound rule is created."
  type        = list(string)
  default     = []
}

variable "vpc_id" {
  description = "VPC of subnet_ids, needed only when subnet_ids are given without security_group_ids."
  type        = string
  default     = null
}

variable "vpc_cidr" {
  description = "Address range of the created VPC (when subnet_ids is empty)."
  type        = string
  default     = "10.42.0.0/16"
}

variable "availability_zones" {
  description = "Zones of the created subnets; empty: <region>a and <region>b. Pick zones that offer g5 instances."
  type        = list(string)
  default     = []
}

variable "instance_types" {
  description = "GPU instance types for the workers: g5 carries an NVIDIA A10G, which CUDA 11.6 supports."
  type        = list(string)
  default     = ["g5.xlarge", "g5.2xlarge"]
}

variable "spot_max_vcpus" {
  description = "Most vCPUs the Spot environment scales to (a g5.xlarge is 4): with job_vcpus = 4, spot_max_vcpus / 4 trials at once on Spot."
  type        = number
  default     = 16
}

variable "on_demand_max_vcpus" {
  description = "Most vCPUs the on-demand fallback scales to; 0 disables the fallback."
  type        = number
  default     = 8
}

variable "job_vcpus" {
  description = "vCPUs a worker job asks for."
  type        = number
  default     = 4
}

variable "job_memory_mib" {
  description = "Memory a worker job asks for, in MiB (must fit what ECS registers on the smallest instance type: about 15300 MiB on g5.xlarge)."
  type        = number
  default     = 15000
}

variable "job_attempts" {
  description = "Attempts per worker job (1 to 10): retried only on Spot reclaims, host failures, image pull failures and the worker's retry exit code."
  type        = number
  default     = 3
  validation {
    condition     = var.job_attempts >= 1 && var.job_attempts <= 10
    error_message = "job_attempts is 1 to 10 (Batch's limit)."
  }
}

variable "job_timeout_s" {
  description = "Longest one attempt of a worker job may run before Batch stops it (the coordinator may set less per trial)."
  type        = number
  default     = 21600
}

variable "worker_retry_exit_code" {
  description = "Exit code with which `etiqueta worker` asks Batch for another attempt (75, EX_TEMPFAIL: a transient failure); every other non-zero code ends the job."
  type        = number
  default     = 75
}

variable "worker_image_tag" {
  description = "Tag of the worker image in its ECR repository; the job definition names the digest it points at when applied."
  type        = string
  default     = "latest"
}

variable "search_runner_role_names" {
  description = "IAM roles given the search-runner policy (submit and stop jobs, read and write the store); its ARN is also an output."
  type        = list(string)
  default     = []
}
