terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is the release validated here (terraform/pom.xml's test plans against it); 6.x renames Batch and
      # S3 arguments this configuration uses
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = { Project = var.name }
  }
}

# the partition ("aws", "aws-cn", "aws-us-gov") for ARNs built before the resources exist; computed locally,
# no API call
data "aws_partition" "current" {}
