# --- where Batch's GPU instances run ------------------------------------------------------------------------------
# Given subnets (subnet_ids + security_group_ids) are used as they are. Without them, a small VPC: public subnets
# (instances get a public address to reach ECR, ECS and CloudWatch; no NAT gateway to pay for while idle), a
# security group that admits nothing, and an S3 gateway endpoint so the store's traffic stays off the internet
# gateway (and free of data-processing charges).

locals {
  create_vpc         = local.batch && length(var.subnet_ids) == 0
  azs                = length(var.availability_zones) > 0 ? var.availability_zones : ["${var.region}a", "${var.region}b"]
  subnet_ids         = local.create_vpc ? aws_subnet.batch[*].id : var.subnet_ids
  security_group_ids = length(var.security_group_ids) > 0 ? var.security_group_ids : aws_security_group.batch[*].id
}

resource "aws_vpc" "batch" {
  count                = local.create_vpc ? 1 : 0
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "${var.name}-batch" }
}

resource "aws_internet_gateway" "batch" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.batch[0].id
}

resource "aws_subnet" "batch" {
  count                   = local.create_vpc ? length(local.azs) : 0
  vpc_id                  = aws_vpc.batch[0].id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  map_public_ip_on_launch = true
  tags                    = { Name = "${var.name}-batch-${local.azs[count.index]}" }
}

resource "aws_route_table" "batch" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.batch[0].id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.batch[0].id
  }
}

resource "aws_route_table_association" "batch" {
  count          = local.create_vpc ? length(local.azs) : 0
  subnet_id      = aws_subnet.batch[count.index].id
  route_table_id = aws_route_table.batch[0].id
}

resource "aws_vpc_endpoint" "s3" {
  count             = local.create_vpc ? 1 : 0
  vpc_id            = aws_vpc.batch[0].id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.batch[0].id]
}

resource "aws_security_group" "batch" {
  count       = local.batch && length(var.security_group_ids) == 0 ? 1 : 0
  name_prefix = "${var.name}-batch-"
  description = "etiqueta Batch workers: no inbound, all outbound (ECR, ECS, S3, CloudWatch)"
  vpc_id      = local.create_vpc ? aws_vpc.batch[0].id : var.vpc_id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
  lifecycle {
    create_before_destroy = true
    precondition {
      condition     = local.create_vpc || var.vpc_id != null
      error_message = "subnet_ids given without security_group_ids: give security_group_ids too, or vpc_id for a new security group."
    }
  }
}
