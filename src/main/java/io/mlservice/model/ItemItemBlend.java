package io.mlservice.model;

import java.util.Locale;

/**
 * The item-item part of a tenant's served scores: {@code score(u, j) = factor(u, j) + weight · Σ_{i ∈ items(u)}
 * B[i][j]}, where {@code B} is EASE^R's weights pruned to each item's strongest neighbours. A user with no
 * interactions (cold start) gets no item-item term, so the factor model alone ranks for them.
 *
 * @param neighbours the pruned weights, or null when the tenant has no item-item part
 * @param weight     the blend weight ({@code 0} with no part: the factor model alone)
 * @param lambda     EASE^R's penalty the weights were fitted with (NaN with no part)
 */
public record ItemItemBlend(ItemNeighbours neighbours, float weight, double lambda) {

    /** No item-item part: the factor model alone (what model files before format 3 hold). */
    public static final ItemItemBlend NONE = new ItemItemBlend(null, 0f, Double.NaN);

    public ItemItemBlend {
        if (!Float.isFinite(weight) || weight < 0f) {
            throw new IllegalArgumentException("blend weight must be finite and not negative, was " + weight);
        }
        if (neighbours == null && weight != 0f) {
            throw new IllegalArgumentException("a blend weight without item neighbours");
        }
    }

    /** Whether the served scores have an item-item term. */
    public boolean present() {
        return neighbours != null && weight > 0f;
    }

    /** "factor + 0.85 × item-item (100 neighbours/item)" or "factor only", for reports and logs. */
    public String describe() {
        if (!present()) {
            return "factor only";
        }
        return String.format(Locale.ROOT, "factor + %.3g x item-item (%d weights)", weight, neighbours.size());
    }
}
