package io.etiqueta.search.execution;

import io.etiqueta.search.spec.Budget;

import java.math.BigDecimal;

/** Whether a search's budget lets one more trial start, and if not, the reason it ends with ("budget: 60 trials"). */
final class BudgetCheck {
    private final Budget budget;

    BudgetCheck(Budget budget) { this.budget = budget; }

    /**
     * @param proposed      trials proposed so far (replayed included)
     * @param elapsedHours  the search's running time over all sessions
     * @param epochs        epochs trained by finished trials
     * @param instanceHours run time of every trial so far, running ones up to now
     */
    String limit(int proposed, double elapsedHours, int epochs, double instanceHours) {
        if (budget.trials() != null && proposed >= budget.trials()) return "budget: " + budget.trials() + " trials";
        if (budget.hours() != null && elapsedHours >= budget.hours()) return hoursReason(budget.hours());
        if (budget.epochs() != null && epochs >= budget.epochs()) return "budget: " + budget.epochs() + " epochs";
        if (budget.instanceHours() != null && instanceHours >= budget.instanceHours()) return "budget: " + plain(budget.instanceHours()) + " instance hours";
        return null;
    }

    /** Why a search ends, and its running trials stop, when its hours are spent: "budget: 0.5 hours". */
    static String hoursReason(double hours) { return "budget: " + plain(hours) + " hours"; }

    /** A number as a person writes it: 0.25, 2, 1.5 (no trailing zeros, no exponent). */
    static String plain(double v) { return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(); }
}
