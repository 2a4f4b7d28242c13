# The trust policy of every role here: which AWS service may assume it (Batch, its instances, its jobs' containers,
# the Lambda function). One document per service, written once.
data "aws_iam_policy_document" "assume" {
  for_each = toset(["batch", "ec2", "ecs-tasks", "lambda"])
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["${each.key}.amazonaws.com"]
    }
  }
}
