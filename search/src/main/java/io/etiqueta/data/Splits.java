package io.etiqueta.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Stratified, seeded splits: every class is divided in the same proportions, and the same seed gives the same split. */
public final class Splits {
    private Splits() {}

    /**
     * Splits a dataset for a trial. With an explicit test set only validation is taken from the training pool;
     * otherwise both {@code validationFraction} and {@code testFraction} are.
     */
    public static Split of(LoadedDataset dataset, double validationFraction, double testFraction, long seed) {
        if (dataset.hasTestSet()) {
            Examples[] parts = stratified(dataset.train(), dataset.classes().size(), new double[]{validationFraction}, seed);
            return new Split(parts[0], parts[1], dataset.test());
        }
        Examples[] parts = stratified(dataset.train(), dataset.classes().size(), new double[]{validationFraction, testFraction}, seed);
        return new Split(parts[0], parts[1], parts[2]);
    }

    /** Returns the remainder first, then one part per fraction. */
    public static Examples[] stratified(Examples all, int classes, double[] fractions, long seed) {
        double total = 0;
        for (double f : fractions) {
            if (f <= 0 || f >= 1) throw new IllegalArgumentException("split fractions must be within (0, 1), got " + f);
            total += f;
        }
        if (total >= 1) throw new IllegalArgumentException("split fractions add up to " + total + ", leaving nothing to train on");
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < all.size(); i++) byClass.get(all.labels()[i]).add(i);
        Random random = new Random(seed);
        List<List<Integer>> parts = new ArrayList<>();
        for (int p = 0; p <= fractions.length; p++) parts.add(new ArrayList<>());
        for (List<Integer> members : byClass) {
            java.util.Collections.shuffle(members, random);
            int start = 0;
            for (int p = 0; p < fractions.length; p++) {
                int n = (int) Math.round(members.size() * fractions[p]);
                if (n == 0 && members.size() > fractions.length) n = 1; // every class is seen in every part
                parts.get(p + 1).addAll(members.subList(start, Math.min(members.size(), start + n)));
                start = Math.min(members.size(), start + n);
            }
            parts.get(0).addAll(members.subList(start, members.size()));
        }
        Examples[] out = new Examples[parts.size()];
        for (int p = 0; p < parts.size(); p++) {
            List<Integer> idx = parts.get(p);
            java.util.Collections.shuffle(idx, random); // mix the classes
            out[p] = all.subset(idx.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /**
     * k stratified folds for cross-validation: each class's examples are shuffled by the seed and dealt round-robin
     * into the folds (continuing where the previous class stopped), so every fold has each class in nearly the
     * training pool's proportion and the same seed gives the same folds.
     */
    public static Examples[] folds(Examples pool, int classes, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        if (pool.size() < k) throw new IllegalArgumentException("cannot make " + k + " folds of " + pool.size() + " training examples");
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < pool.size(); i++) byClass.get(pool.labels()[i]).add(i);
        Random random = new Random(seed ^ 0xF01D5L);
        List<List<Integer>> parts = new ArrayList<>();
        for (int p = 0; p < k; p++) parts.add(new ArrayList<>());
        int next = 0;
        for (List<Integer> members : byClass) {
            java.util.Collections.shuffle(members, random);
            for (int index : members) parts.get(next++ % k).add(index);
        }
        Examples[] out = new Examples[k];
        for (int p = 0; p < k; p++) out[p] = pool.subset(parts.get(p).stream().mapToInt(Integer::intValue).toArray());
        return out;
    }

    /** The examples of all the given parts together, in part order. */
    public static Examples join(Examples... parts) {
        int n = 0;
        for (Examples e : parts) n += e.size();
        byte[][] pixels = new byte[n][];
        int[] labels = new int[n];
        int at = 0;
        for (Examples e : parts) {
            System.arraycopy(e.pixels(), 0, pixels, at, e.size());
            System.arraycopy(e.labels(), 0, labels, at, e.size());
            at += e.size();
        }
        return new Examples(pixels, labels);
    }
}
