/** The labelling service as a REST API with the upload page (Quarkus REST), and how its problems become JSON answers. */
package io.etiqueta.function.rest;
