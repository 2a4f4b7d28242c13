/** Starting the labelling service (the function module's REST app) on a store's champion from the command line. */
package io.etiqueta.serving;
