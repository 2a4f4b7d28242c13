/** The one JSON configuration (Jackson) every record is written and read with. */
package io.etiqueta.json;
