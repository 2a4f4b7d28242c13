/** Test support shared by every module's tests (infra's test-jar): requirements checked by name. */
package io.etiqueta.testing;
