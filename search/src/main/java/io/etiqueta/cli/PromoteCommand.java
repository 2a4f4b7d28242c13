package io.etiqueta.cli;

import io.etiqueta.champion.Champion;
import io.etiqueta.champion.Promotions;
import io.etiqueta.search.store.SearchPromotions;
import io.etiqueta.storage.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code etiqueta promote <search-id>[:<trial-id>]}: makes a search's best (or chosen) trial the store's champion. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Make the best trial of a search (or the trial named after ':') the champion of its store.")
public final class PromoteCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SEARCH-ID[:TRIAL-ID]") String target;
    @Mixin StoreOption storeOption;
    @Option(names = "--note", description = "Why this model is promoted (kept in the history).") String note;
    @Spec CommandSpec spec;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int colon = target.indexOf(':');
        String searchId = colon < 0 ? target : target.substring(0, colon);
        String trialId = colon < 0 ? null : target.substring(colon + 1);
        try (Store s = storeOption.open()) {
            Champion c = SearchPromotions.promote(s, searchId, trialId, Promotions.currentUser(), note);
            out.println("champion " + c.version() + ": " + c.describe());
            return ExitCodes.OK;
        }
    }
}
