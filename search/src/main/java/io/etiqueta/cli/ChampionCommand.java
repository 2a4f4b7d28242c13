package io.etiqueta.cli;

import io.etiqueta.champion.Champion;
import io.etiqueta.champion.Promotions;
import io.etiqueta.storage.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code etiqueta champion [--history] [--restore SEQ]}: shows the champion, its history, or restores an earlier one. */
@Command(name = "champion", mixinStandardHelpOptions = true,
        description = "Show the champion of the store, the promotion history, or restore an earlier champion.")
public final class ChampionCommand implements Callable<Integer> {
    @Mixin StoreOption storeOption;
    @Option(names = "--history", description = "List every promotion, oldest first.") boolean history;
    @Option(names = "--restore", paramLabel = "SEQUENCE", description = "Make the champion of promotion SEQUENCE the champion again (a new promotion).") Long restore;
    @Spec CommandSpec spec;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Store s = storeOption.open()) {
            Promotions promotions = new Promotions(s);
            if (restore != null) {
                Champion c = promotions.restore(restore, Promotions.currentUser());
                out.println("champion " + c.version() + ": " + c.describe());
                return ExitCodes.OK;
            }
            if (history) {
                List<Champion> all = promotions.history();
                if (all.isEmpty()) {
                    out.println("no promotions in " + s.location());
                    return ExitCodes.OK;
                }
                long current = promotions.current().map(Champion::sequence).orElse(-1L);
                for (Champion c : all) out.println((c.sequence() == current ? "* " : "  ") + c.version() + "  " + c.describe());
                return ExitCodes.OK;
            }
            var c = promotions.current();
            if (c.isEmpty()) {
                err.println("no champion in " + s.location() + " yet (promote one with 'etiqueta promote <search-id>')");
                return ExitCodes.BAD_INPUT;
            }
            out.println("champion " + c.get().version() + ": " + c.get().describe());
            return ExitCodes.OK;
        }
    }
}
