# Addresses renamed when the Batch workers joined this root (the others only gained an index, [0], which
# Terraform maps by itself): a deployment applied before keeps its resources
# (they move in the state) instead of destroying and recreating them.

moved {
  from = aws_cloudwatch_log_group.label
  to   = aws_cloudwatch_log_group.function[0]
}

moved {
  from = aws_iam_role_policy_attachment.logs
  to   = aws_iam_role_policy_attachment.function_logs[0]
}

moved {
  from = aws_iam_role_policy.read
  to   = aws_iam_role_policy.function_read[0]
}

# the Spot and on-demand environments became one resource with an instance each
moved {
  from = aws_batch_compute_environment.spot[0]
  to   = aws_batch_compute_environment.gpu["spot"]
}

moved {
  from = aws_batch_compute_environment.on_demand[0]
  to   = aws_batch_compute_environment.gpu["on_demand"]
}
