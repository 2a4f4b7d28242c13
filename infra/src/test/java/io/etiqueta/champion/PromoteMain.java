package io.etiqueta.champion;

import io.etiqueta.storage.Stores;

/** Promotes N candidates into a store, printing each sequence it got: a separate process for PromotionsTest. */
public final class PromoteMain {
    public static void main(String[] args) {
        var promotions = new Promotions(Stores.open(args[0]));
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) System.out.println(promotions.promote(PromotionsTest.candidate(args[2] + "-" + i)).sequence());
    }
}
