/** Reports of searches: reading them back from the store, the HTML page with its charts, and the CSV and JSON beside it. */
package io.etiqueta.report;
