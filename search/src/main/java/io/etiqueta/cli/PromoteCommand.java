package io.etiqueta.cli;

import io.etiqueta.champion.Champion;
import io.etiqueta.search.store.SearchPromotions;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code etiqueta promote <search-id>[:<trial-id>]}: makes a search's best (or chosen) trial the store's champion. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Make the best trial of a search (or the trial named after ':') the champion of its store.")
public final class PromoteCommand implements Callable<Integer> {
    public static final int OK = ExitCodes.OK;
    public static final int FAILED = ExitCodes.FAILED;
    public static final int INVALID_INPUT = ExitCodes.BAD_INPUT;
    public static final int NOT_FOUND = ExitCodes.BAD_INPUT;

    @Parameters(paramLabel = "SEARCH-ID[:TRIAL-ID]") String target;
    @Mixin StoreOption storeOption;
    @Option(names = "--note", description = "Why this model is promoted (kept in the history).") String note;
    @Spec CommandSpec spec;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int colon = target.indexOf(':');
        String searchId = colon < 0 ? target : target.substring(0, colon);
        String trialId = colon < 0 ? null : target.substring(colon + 1);
        try (Store s = storeOption.open()) {
            Champion c = SearchPromotions.promote(s, searchId, trialId, promotedBy(), note);
            out.println("champion " + c.version() + ": " + describe(c));
            return OK;
        } catch (IllegalArgumentException | StoreException | IllegalStateException e) {
            return CommandErrors.report(e, err);
        }
    }

    static String promotedBy() {
        String user = System.getProperty("user.name", "unknown");
        try {
            return user + "@" + java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return user;
        }
    }

    static String describe(Champion c) {
        StringBuilder sb = new StringBuilder(c.searchId() == null ? c.bundleKey() : c.searchId() + ":" + c.trialId());
        if (c.testAccuracy() != null) sb.append(String.format(Locale.ROOT, " test_accuracy=%.4f", c.testAccuracy()));
        if (c.valAccuracy() != null) sb.append(String.format(Locale.ROOT, " val_accuracy=%.4f", c.valAccuracy()));
        sb.append(" bundle ").append(c.bundleKey()).append(" promoted ").append(c.promotedAt());
        if (c.promotedBy() != null) sb.append(" by ").append(c.promotedBy());
        if (c.note() != null) sb.append(" (").append(c.note()).append(')');
        return sb.toString();
    }
}
