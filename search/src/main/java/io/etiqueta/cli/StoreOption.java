package io.etiqueta.cli;

import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import picocli.CommandLine.Option;

/** The --store option every command that reads or writes results shares. */
public class StoreOption {
    @Option(names = "--store", paramLabel = "STORE",
            description = "Where results live: a local folder or s3://bucket/prefix (default: $ETIQUETA_STORE, else ./etiqueta-store).")
    String store;

    public String location() { return Stores.resolveLocation(store); }

    public Store open() { return Stores.open(location()); }
}
