output "function_name" {
  value = aws_lambda_function.label.function_name
}

output "function_arn" {
  value = aws_lambda_function.label.arn
}

output "store" {
  value = local.store
}

output "ecr_repository_url" {
  description = "docker tag etiqueta-function <this>:latest && docker push <this>:latest"
  value       = aws_ecr_repository.function.repository_url
}
