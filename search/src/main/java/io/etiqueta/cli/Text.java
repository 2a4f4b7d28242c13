package io.etiqueta.cli;

import io.etiqueta.trial.ClassMetrics;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TestMetrics;
import io.etiqueta.trial.TrialRecord;

import java.io.PrintWriter;
import java.util.Locale;

/** Terminal renderings of trial results, in the shape the notebooks printed them. */
final class Text {
    private Text() {}

    static void epochs(PrintWriter out, TrialRecord record) {
        out.println(" epoch     loss  accuracy  val_loss  val_accuracy     time");
        for (EpochMetrics e : record.epochs()) {
            out.printf(Locale.ROOT, "%6d %8.4f %9.4f %9.4f %13.4f %7.1fs%s%n", e.epoch(), e.loss(), e.accuracy(), e.valLoss(),
                    e.valAccuracy(), e.seconds(), record.bestEpoch() != null && record.bestEpoch() == e.epoch() ? "  <- kept" : "");
        }
    }

    static void test(PrintWriter out, TestMetrics test) {
        out.printf(Locale.ROOT, "test accuracy %.4f  loss %.4f  (%d images)%n%n", test.accuracy(), test.loss(), test.examples());
        int width = Math.max(12, test.labels().stream().mapToInt(String::length).max().orElse(0) + 2);
        out.printf(Locale.ROOT, "%" + width + "s %9s %9s %9s %9s%n", "", "precision", "recall", "f1-score", "support");
        for (ClassMetrics c : test.perClass()) {
            out.printf(Locale.ROOT, "%" + width + "s %9.4f %9.4f %9.4f %9d%n", c.label(), c.precision(), c.recall(), c.f1(), c.support());
        }
        out.println();
        out.printf(Locale.ROOT, "%" + width + "s %9.4f %9.4f %9.4f %9d%n", "macro avg", test.macro().precision(), test.macro().recall(), test.macro().f1(), test.examples());
        out.printf(Locale.ROOT, "%" + width + "s %9.4f %9.4f %9.4f %9d%n", "weighted avg", test.weighted().precision(), test.weighted().recall(), test.weighted().f1(), test.examples());
        out.println();
        out.println("best classes:  " + String.join(", ", test.bestClasses()));
        out.println("worst classes: " + String.join(", ", test.worstClasses()));
        out.println();
        out.println("confusion matrix (rows: true, columns: predicted)");
        int cell = Math.max(5, String.valueOf(test.examples()).length() + 1);
        out.printf("%" + width + "s", "");
        for (int c = 0; c < test.labels().size(); c++) out.printf("%" + cell + "s", abbreviate(test.labels().get(c), cell - 1));
        out.println();
        for (int r = 0; r < test.confusion().length; r++) {
            out.printf("%" + width + "s", test.labels().get(r));
            for (int v : test.confusion()[r]) out.printf("%" + cell + "d", v);
            out.println();
        }
        out.printf(Locale.ROOT, "%ninference latency %.2f ms per image (batch of 1)%n", test.latencyMillis());
    }

    private static String abbreviate(String s, int n) { return s.length() <= n ? s : s.substring(0, n); }

    /** Each fold's metrics at its kept epoch, then the mean and standard deviation over the folds. */
    static void folds(PrintWriter out, io.etiqueta.trial.CrossValidation cv) {
        out.printf(Locale.ROOT, "%-6s %8s %10s %8s %12s %10s %10s%n", "fold", "train", "validation", "epoch", "val_accuracy", "val_loss", "accuracy");
        for (var f : cv.results()) {
            out.printf(Locale.ROOT, "%-6d %8d %10d %8d %12.4f %10.4f %10.4f%n", f.fold(), f.trainSize(), f.validationSize(), f.bestEpoch(),
                    f.valAccuracy(), f.valLoss(), f.accuracy());
        }
        out.printf(Locale.ROOT, "cross-validation (%d folds): val_accuracy %.4f +- %.4f, val_loss %.4f +- %.4f; final model: %d epochs on all training data%n",
                cv.folds(), cv.meanValAccuracy(), cv.stdValAccuracy(), cv.meanValLoss(), cv.stdValLoss(), cv.chosenEpochs());
    }
}
