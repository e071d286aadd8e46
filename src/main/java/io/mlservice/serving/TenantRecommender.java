package io.mlservice.serving;

import io.mlservice.data.Dataset;
import io.mlservice.data.FeatureMatrix;
import io.mlservice.model.HybridModel;
import io.mlservice.model.ItemItemBlend;
import io.mlservice.model.ItemNeighbours;
import io.mlservice.model.TenantModel;
import org.ejml.data.FMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers one tenant's queries from its trained model. Everything a query needs is computed once here; afterwards
 * the object is immutable, so any number of threads may query it without locks. A query allocates only its own
 * score array.
 *
 * <p>Items are kept in {@link ItemSlots}: grouped by type, in index order within a type, so that the items of one
 * type are one contiguous block. Most queries only concern one type, and scoring only that block reads a fraction
 * of the embeddings; with 20k items × 100 components the whole table is 8 MB, and reading it is what a query costs.
 *
 * <p>A tenant with an item-item part ({@link ItemItemBlend}) adds, for each item the user interacted with, the
 * weights of its kept neighbours: a few thousand additions, held as rows of slots so that only the type's block is
 * touched. Users without interactions get the factor model's scores alone.
 *
 * <p>Why an item suits a user is worked out by {@link RecommendationReasons} over the same tables.
 */
public final class TenantRecommender {
    private final String tenant;
    private final List<String> userIds;
    private final List<String> itemIds;
    private final Map<String, Integer> userIndex;
    private final Map<String, Integer> itemIndex;
    private final ItemSlots slots;
    private final int items;
    private final int k;
    /** Users × k, row-major. */
    private final float[] userVectors;
    /** k × slots, row-major: component d of a type's items is contiguous, so scoring is k passes of a += w·b. */
    private final float[] components;
    private final float[] biasAtSlot;
    private final float[] normAtSlot;
    private final float[] popularity;
    private final int[][] popularOfType;
    private final InteractedItems interacted;
    private final RecommendationReasons reasons;
    /** Per item, the slots of its kept neighbours and their weights times the blend weight; empty rows for none. */
    private final int[] neighbourStart;
    private final int[] neighbourSlot;
    private final float[] neighbourWeight;

    /** A recommender whose explanations list every shared feature. */
    public TenantRecommender(TenantModel model) {
        this(model, "");
    }

    /**
     * @param identityPrefix explanations leave out features whose names start with it (per-item identity
     *                       columns say nothing to a reader); empty to keep all
     */
    public TenantRecommender(TenantModel model, String identityPrefix) {
        this.tenant = model.tenant();
        this.userIds = model.userIds();
        this.itemIds = model.itemIds();
        this.userIndex = Dataset.indexOf(userIds);
        this.itemIndex = Dataset.indexOf(itemIds);
        this.items = itemIds.size();
        HybridModel hybrid = model.model();
        this.k = hybrid.components();
        this.userVectors = hybrid.userRepresentations(model.userFeatures()).data;
        this.slots = new ItemSlots(model.itemTypes());

        FeatureMatrix itemFeatures = model.itemFeatures();
        FMatrixRMaj vectors = hybrid.itemRepresentations(itemFeatures);
        float[] biases = hybrid.itemBiases(itemFeatures);
        this.components = new float[k * items];
        this.biasAtSlot = new float[items];
        this.normAtSlot = new float[items];
        for (int slot = 0; slot < items; slot++) {
            int item = slots.itemAt(slot);
            double squares = 0;
            for (int d = 0; d < k; d++) {
                float x = vectors.data[item * k + d];
                components[d * items + slot] = x;
                squares += (double) x * x;
            }
            biasAtSlot[slot] = biases[item];
            normAtSlot[slot] = (float) Math.sqrt(squares);
        }

        this.popularity = interactionCounts(model.interactions().itemCounts());
        this.popularOfType = new int[slots.typeCount()][];
        for (int t = 0; t < popularOfType.length; t++) {
            popularOfType[t] = popularFirst(t);
        }
        this.interacted = new InteractedItems(model.interactions(), userIds.size());
        ItemItemBlend itemItem = model.itemItem();
        ItemNeighbours neighbours = itemItem.present() ? itemItem.neighbours() : null;
        this.neighbourStart = new int[items + 1];
        this.neighbourSlot = new int[neighbours == null ? 0 : neighbours.size()];
        this.neighbourWeight = new float[neighbourSlot.length];
        for (int i = 0; neighbours != null && i < items; i++) {
            neighbourStart[i + 1] = neighbours.end(i);
            for (int p = neighbours.start(i); p < neighbours.end(i); p++) {
                neighbourSlot[p] = slots.slotOf(neighbours.neighbour(p));
                neighbourWeight[p] = itemItem.weight() * neighbours.weight(p);
            }
        }
        this.reasons = new RecommendationReasons(model, identityPrefix, slots, interacted, userVectors,
                new ItemCosines(k, items, components, normAtSlot));
    }

    public String tenant() {
        return tenant;
    }

    public int userCount() {
        return userIds.size();
    }

    public int itemCount() {
        return items;
    }

    public boolean hasItemType(String itemType) {
        return slots.type(itemType) != null;
    }

    /** The user's best {@code n} items of the type under the default {@link SeenRule#RANK_INTERACTED_LAST}. */
    public UserItemsResult userItems(String userId, String itemType, int n) {
        return userItems(userId, itemType, n, SeenRule.RANK_INTERACTED_LAST);
    }

    /**
     * The user's best {@code n} items of the type, scored {@code user · item + item bias}, adjusted by the rule;
     * the scores returned are the adjusted ones. The type is checked first, so {@code UNKNOWN_USER} always comes
     * with a valid type and can be answered from {@link #popularItems}.
     */
    public UserItemsResult userItems(String userId, String itemType, int n, SeenRule rule) {
        checkCount(n);
        Integer type = slots.type(itemType);
        if (type == null) {
            return UserItemsResult.failed(UserItemsResult.Status.UNKNOWN_ITEM_TYPE);
        }
        Integer user = userIndex.get(userId);
        if (user == null) {
            return UserItemsResult.failed(UserItemsResult.Status.UNKNOWN_USER);
        }
        return rule == SeenRule.ORIGINAL_DEMOTION
                ? originalDemotion(user, type, n)
                : rankInteractedLast(user, type, n);
    }

    /**
     * The type's most interacted-with items (ties to the earlier item), scored by their interaction count: the
     * answer for users the model does not know. Empty for a type no item has.
     */
    public List<ScoredItem> popularItems(String itemType, int n) {
        checkCount(n);
        Integer type = slots.type(itemType);
        if (type == null) {
            return List.of();
        }
        int[] order = popularOfType[type];
        List<ScoredItem> out = new ArrayList<>(Math.min(n, order.length));
        for (int r = 0; r < Math.min(n, order.length); r++) {
            int i = order[r];
            out.add(new ScoredItem(itemIds.get(i), i, popularity[i], false));
        }
        return out;
    }

    /**
     * The {@code n} items of the same type most like the given one by cosine of their embeddings (biases left
     * out), the item itself excluded. An unknown id is retried with {@code article} replaced by
     * {@code microlearning}, because Totara exports short articles as microlearning but asks for articles.
     */
    public SimilarItemsResult similarItems(String itemId, int n) {
        checkCount(n);
        String resolved = itemId;
        Integer item = itemIndex.get(itemId);
        if (item == null) {
            resolved = itemId.replace("article", "microlearning");
            item = itemIndex.get(resolved);
        }
        if (item == null) {
            return SimilarItemsResult.unknown(itemId);
        }
        int type = slots.typeOf(item);
        int from = slots.start(type);
        float[] cosines = new float[slots.end(type) - from];
        int target = slots.slotOf(item);
        int d = 0;
        for (; d + 4 <= k; d += 4) {
            axpy4(targetComponents(target, d), 0, components, d * items + from, items, cosines);
        }
        for (; d < k; d++) {
            axpy(components[d * items + target], components, d * items + from, cosines);
        }
        for (int j = 0; j < cosines.length; j++) {
            float denominator = normAtSlot[target] * normAtSlot[from + j];
            cosines[j] = denominator > 0f ? cosines[j] / denominator : 0f;
        }
        int[] best = TopN.select(cosines, 0, cosines.length, n, target - from);
        List<ScoredItem> out = new ArrayList<>(best.length);
        for (int j : best) {
            int i = slots.itemAt(from + j);
            out.add(new ScoredItem(itemIds.get(i), i, cosines[j], false));
        }
        return SimilarItemsResult.ok(itemId, resolved, out);
    }

    /** Why {@code itemId} suits {@code userId}; empty when either is unknown. */
    public Optional<Explanation> explain(String userId, String itemId) {
        Integer user = userIndex.get(userId);
        Integer item = itemIndex.get(itemId);
        if (user == null || item == null) {
            return Optional.empty();
        }
        return Optional.of(reasons.explain(userId, user, itemId, item));
    }

    /** Only the type's block is scored: the shift needs nothing outside it. */
    private UserItemsResult rankInteractedLast(int user, int type, int n) {
        int from = slots.start(type);
        float[] scores = new float[slots.end(type) - from];
        score(user, from, scores);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float s : scores) {
            max = Math.max(max, s);
            min = Math.min(min, s);
        }
        // In double so that rounding cannot lift a shifted score back up to the lowest untouched one.
        double shift = ((double) max - min) + 1.0;
        for (int p = interacted.start(user); p < interacted.end(user); p++) {
            int i = interacted.item(p);
            if (slots.typeOf(i) == type) {
                int j = slots.slotOf(i) - from;
                scores[j] = (float) (scores[j] - shift);
            }
        }
        return answer(user, from, scores, 0, scores.length, n, false);
    }

    /**
     * The range is taken over every item of the tenant the user has not seen, so all items are scored. Float
     * arithmetic, like the original's float32 arrays; nothing changes when the user has seen everything.
     */
    private UserItemsResult originalDemotion(int user, int type, int n) {
        float[] scores = new float[items];
        score(user, 0, scores);
        int first = interacted.start(user);
        int end = interacted.end(user);
        float[] kept = new float[end - first];
        for (int p = first; p < end; p++) {
            if (interacted.seen(p)) {
                int slot = slots.slotOf(interacted.item(p));
                kept[p - first] = scores[slot];
                scores[slot] = Float.NaN;
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float s : scores) {
            // comparisons with NaN are false: the seen items drop out
            if (s > max) {
                max = s;
            }
            if (s < min) {
                min = s;
            }
        }
        float demotion = max >= min ? 0.5f * (max - min) : 0f;
        for (int p = first; p < end; p++) {
            if (interacted.seen(p)) {
                scores[slots.slotOf(interacted.item(p))] = kept[p - first] - demotion;
            }
        }
        return answer(user, 0, scores, slots.start(type), slots.end(type), n, true);
    }

    /** The best n positions of scores[from, to), whose position j holds slot {@code base + j}. */
    private UserItemsResult answer(int user, int base, float[] scores, int from, int to, int n, boolean seenOnly) {
        int[] best = TopN.select(scores, from, to, n, -1);
        List<ScoredItem> out = new ArrayList<>(best.length);
        for (int j : best) {
            int i = slots.itemAt(base + j);
            out.add(new ScoredItem(itemIds.get(i), i, scores[j], interacted.contains(user, i, seenOnly)));
        }
        return UserItemsResult.ok(out);
    }

    /**
     * out[j] = user · item + bias (+ the item-item term) for the items in slots [from, from + out.length); per item
     * the sum runs over the components in order, then adds the bias, then the item-item weights.
     */
    private void score(int user, int from, float[] out) {
        factorScore(user, from, out);
        int to = from + out.length;
        for (int p = interacted.start(user); p < interacted.end(user); p++) {
            int item = interacted.item(p);
            for (int q = neighbourStart[item]; q < neighbourStart[item + 1]; q++) {
                int slot = neighbourSlot[q];
                if (slot >= from && slot < to) {
                    out[slot - from] += neighbourWeight[q];
                }
            }
        }
    }

    private void factorScore(int user, int from, float[] out) {
        int base = user * k;
        int d = 0;
        for (; d + 4 <= k; d += 4) {
            axpy4(userVectors, base + d, components, d * items + from, items, out);
        }
        for (; d < k; d++) {
            axpy(userVectors[base + d], components, d * items + from, out);
        }
        for (int j = 0; j < out.length; j++) {
            out[j] += biasAtSlot[from + j];
        }
    }

    private float[] targetComponents(int target, int d) {
        return new float[]{components[d * items + target], components[(d + 1) * items + target],
                components[(d + 2) * items + target], components[(d + 3) * items + target]};
    }

    /**
     * Four {@link #axpy} passes (components d..d+3, {@code stride} apart) in one: each out[j] is read and written
     * once instead of four times, and the additions happen in the same order, so the sums are the same floats.
     */
    private static void axpy4(float[] w, int wAt, float[] from, int offset, int stride, float[] out) {
        float w0 = w[wAt];
        float w1 = w[wAt + 1];
        float w2 = w[wAt + 2];
        float w3 = w[wAt + 3];
        int o1 = offset + stride;
        int o2 = o1 + stride;
        int o3 = o2 + stride;
        for (int j = 0; j < out.length; j++) {
            out[j] = out[j] + w0 * from[offset + j] + w1 * from[o1 + j] + w2 * from[o2 + j] + w3 * from[o3 + j];
        }
    }

    /** out[j] += w · from[offset + j]: a flat loop the JIT vectorises. */
    private static void axpy(float w, float[] from, int offset, float[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] += w * from[offset + j];
        }
    }

    /** The type's items, most interacted-with first; slots run in index order, so ties go to the lower index. */
    private int[] popularFirst(int type) {
        int from = slots.start(type);
        float[] counts = new float[slots.end(type) - from];
        for (int j = 0; j < counts.length; j++) {
            counts[j] = popularity[slots.itemAt(from + j)];
        }
        int[] order = TopN.select(counts, 0, counts.length, counts.length, -1);
        for (int r = 0; r < order.length; r++) {
            order[r] = slots.itemAt(from + order[r]);
        }
        return order;
    }

    private static float[] interactionCounts(int[] counts) {
        float[] out = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    private static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
    }
}
