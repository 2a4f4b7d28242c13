package io.etiqueta.cli;

import io.etiqueta.champion.Champion;
import io.etiqueta.champion.Promotions;
import io.etiqueta.search.SearchRecord;
import io.etiqueta.search.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
    @Option(names = "--store", description = "Local folder or s3://bucket/prefix (default: $ETIQUETA_STORE, else ./etiqueta-store).") String store;
    @Option(names = "--note", description = "Why this model is promoted (kept in the history).") String note;
    @Spec CommandSpec spec;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int colon = target.indexOf(':');
        String searchId = colon < 0 ? target : target.substring(0, colon);
        String trialId = colon < 0 ? null : target.substring(colon + 1);
        try (Store s = Stores.open(Stores.resolveLocation(store))) {
            SearchStore searches = new SearchStore(s);
            SearchRecord search = searches.load(searchId).orElse(null);
            if (search == null) {
                err.println("etiqueta: no search '" + searchId + "' in store " + s.location() + " (see 'etiqueta search list')");
                return NOT_FOUND;
            }
            TrialRecord trial;
            if (trialId == null) {
                trial = search.spec().objective().best(searches.trials(searchId)).orElse(null);
                if (trial == null) {
                    err.println("etiqueta: search " + searchId + " has no complete trial to promote yet");
                    return NOT_FOUND;
                }
            } else {
                trial = searches.trial(searchId, trialId).orElse(null);
                if (trial == null) {
                    err.println("etiqueta: search " + searchId + " has no trial '" + trialId + "' (see 'etiqueta search status " + searchId + "')");
                    return NOT_FOUND;
                }
                if (trial.state() != TrialState.COMPLETE) {
                    err.println("etiqueta: trial " + trialId + " is " + trial.state().id() + "; only a complete trial can be promoted");
                    return INVALID_INPUT;
                }
            }
            String bundle = trial.bundleKey() != null ? trial.bundleKey() : StoreLayout.bundle(searchId, trial.id());
            if (!s.exists(bundle)) {
                err.println("etiqueta: trial " + trial.id() + " has no model bundle at " + bundle + " in store " + s.location());
                return NOT_FOUND;
            }
            Champion c = new Promotions(s).promote(new Champion(0, null, bundle, searchId + ":" + trial.id(), searchId, trial.id(),
                    trial.dataset(), value(trial, "test_accuracy"), value(trial, "val_accuracy"), null, promotedBy(), note));
            out.println("champion " + c.version() + ": " + describe(c));
            return OK;
        } catch (StoreException e) {
            err.println("etiqueta: " + e.getMessage());
            return ExitCodes.STORE;
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("etiqueta: " + e.getMessage());
            return FAILED;
        }
    }

    private static Double value(TrialRecord t, String metric) {
        var v = t.metric(metric);
        return v.isPresent() ? v.getAsDouble() : null;
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
