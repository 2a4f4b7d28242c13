# --- the store -------------------------------------------------------------------------------------------------------

output "store" {
  description = "--store for every etiqueta command (and ETIQUETA_STORE)."
  value       = local.store
}

output "bucket" {
  value = aws_s3_bucket.store.id
}

output "upload_prefix" {
  description = "Put images to label by bucket and key under this prefix: they expire by themselves."
  value       = var.upload_prefix
}

# --- the labelling function ------------------------------------------------------------------------------------------

output "function_name" {
  value = one(aws_lambda_function.label[*].function_name)
}

output "function_arn" {
  value = one(aws_lambda_function.label[*].arn)
}

output "function_alias_arn" {
  description = "What the website backend invokes (the published version the alias points at)."
  value       = one(aws_lambda_alias.live[*].arn)
}

output "function_version" {
  value = one(aws_lambda_function.label[*].version)
}

output "function_url" {
  description = "HTTPS endpoint (AWS_IAM auth) when function_url = true."
  value       = one(aws_lambda_function_url.label[*].function_url)
}

output "invoke_policy_arn" {
  description = "Attach to the website backend's role: lambda:InvokeFunction (and InvokeFunctionUrl) on the function."
  value       = one(aws_iam_policy.invoke[*].arn)
}

output "function_repository_url" {
  description = "Push the function image here: docker tag etiqueta-function <this>:latest && docker push <this>:latest"
  value       = one(aws_ecr_repository.function[*].repository_url)
}

# --- AWS Batch --------------------------------------------------------------------------------------------------------

output "batch_job_queue" {
  description = "executor.queue of a search file (kind: batch)."
  value       = one(aws_batch_job_queue.worker[*].name)
}

output "batch_job_definition" {
  description = "executor.job_definition of a search file (kind: batch); the name takes the latest active revision."
  value       = one(aws_batch_job_definition.worker[*].name)
}

output "batch_job_definition_arn" {
  value = one(aws_batch_job_definition.worker[*].arn)
}

output "worker_repository_url" {
  description = "Push the worker image here: docker tag etiqueta-worker <this>:latest && docker push <this>:latest"
  value       = one(aws_ecr_repository.worker[*].repository_url)
}

output "worker_log_group" {
  value = one(aws_cloudwatch_log_group.worker[*].name)
}

output "search_runner_policy_arn" {
  description = "Attach to whoever runs `etiqueta search` against the queue: submit, watch and stop jobs, read and write the store."
  value       = one(aws_iam_policy.search_runner[*].arn)
}

output "search_executor" {
  description = "The executor block for a search file."
  value       = local.batch ? "executor: {kind: batch, queue: ${aws_batch_job_queue.worker[0].name}, job_definition: ${aws_batch_job_definition.worker[0].name}}" : null
}
