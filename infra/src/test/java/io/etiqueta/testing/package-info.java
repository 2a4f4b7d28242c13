/**
 * Test support shared by every module's tests (infra's test-jar): requirements checked by name
 * ({@link io.etiqueta.testing.TestRequirements}), temporary folders ({@link io.etiqueta.testing.TempFolders}), the
 * generated colour images ({@link io.etiqueta.testing.ColourImages}) and CIFAR-10's classes
 * ({@link io.etiqueta.testing.Cifar10}).
 */
package io.etiqueta.testing;
