variable "region" {
  description = "AWS region for the bucket, the registry and the function."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "etiqueta"
}

variable "bucket_name" {
  description = "The store bucket (champion.json, trials, bundles, reports) and where images to label may be put."
  type        = string
}

variable "store_prefix" {
  description = "Key prefix of the store inside the bucket (no leading or trailing slash); empty for the bucket root."
  type        = string
  default     = "store"
}

variable "packaging" {
  description = "\"image\" (container image from ECR, natives unpacked at build time: the default, see docs/function.md) or \"zip\" (function.zip uploaded to the bucket)."
  type        = string
  default     = "image"
  validation {
    condition     = contains(["image", "zip"], var.packaging)
    error_message = "packaging must be \"image\" or \"zip\"."
  }
}

variable "image_tag" {
  description = "Tag of the image in the ECR repository (packaging = image)."
  type        = string
  default     = "latest"
}

variable "zip_key" {
  description = "Key of function.zip in the bucket (packaging = zip)."
  type        = string
  default     = "deploy/function.zip"
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
