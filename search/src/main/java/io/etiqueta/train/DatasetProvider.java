package io.etiqueta.train;

import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;

import java.nio.file.Path;

/** Where the engine gets datasets from; a search shares one caching provider between its trials. */
@FunctionalInterface
public interface DatasetProvider {
    LoadedDataset load(Path path, LoadOptions options);
}
