/** The labelling service as an AWS Lambda function (Quarkus Funqy and Function URL requests), with native-library unpacking. */
package io.etiqueta.function.lambda;
