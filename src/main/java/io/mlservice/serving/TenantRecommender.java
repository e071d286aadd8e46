package io.mlservice.serving;

import io.mlservice.data.Dataset;
import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;
import io.mlservice.model.HybridModel;
import io.mlservice.model.TenantModel;
import org.ejml.data.FMatrixRMaj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers one tenant's queries from its trained model. Everything a query needs is computed once here; afterwards
 * the object is immutable, so any number of threads may query it without locks. A query allocates only its own
 * score array.
 *
 * <p>Items are kept in "slots": grouped by type, in index order within a type, so that the items of one type are
 * one contiguous block. Most queries only concern one type, and scoring only that block reads a fraction of the
 * embeddings; with 20k items × 100 components the whole table is 8 MB, and reading it is what a query costs.
 */
public final class TenantRecommender {
    private static final int SIMILAR_IN_EXPLANATION = 3;
    private static final int SHARED_FEATURES_IN_EXPLANATION = 10;

    private final String tenant;
    private final List<String> userIds;
    private final List<String> itemIds;
    private final Map<String, Integer> userIndex;
    private final Map<String, Integer> itemIndex;
    private final Map<String, Integer> typeCode;
    private final FeatureMatrix itemFeatures;
    private final String identityPrefix;
    private final int items;
    private final int k;
    /** Users × k, row-major. */
    private final float[] userVectors;
    /** The items of type t occupy slots [typeStart[t], typeStart[t + 1]). */
    private final int[] typeStart;
    private final int[] itemAtSlot;
    private final int[] slotOfItem;
    private final int[] typeOf;
    /** k × slots, row-major: component d of a type's items is contiguous, so scoring is k passes of a += w·b. */
    private final float[] components;
    private final float[] biasAtSlot;
    private final float[] normAtSlot;
    private final float[] popularity;
    private final int[][] popularOfType;
    /** Per user, the interacted items ascending in [interactedStart[u], interactedStart[u + 1]), with seen flags. */
    private final int[] interactedStart;
    private final int[] interactedItems;
    private final boolean[] interactedSeen;
    /** Item features × k and their biases: how much each feature adds to a user's score, for explanations. */
    private final float[] itemFeatureVectors;
    private final float[] itemFeatureBiases;
    /** Items carrying each item feature; features most items share explain nothing. */
    private final int[] featureItemCount;
    /** Per item type, items of that type carrying each feature: what all of a type carry (its component) says nothing. */
    private final int[][] featureCountInType;

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
        this.itemFeatures = model.itemFeatures();
        this.identityPrefix = identityPrefix;
        this.items = itemIds.size();
        HybridModel hybrid = model.model();
        this.k = hybrid.components();
        this.userVectors = hybrid.userRepresentations(model.userFeatures()).data;

        this.typeCode = new LinkedHashMap<>();
        this.typeOf = new int[items];
        for (int i = 0; i < items; i++) {
            typeOf[i] = typeCode.computeIfAbsent(model.itemTypes().get(i), t -> typeCode.size());
        }
        this.typeStart = new int[typeCode.size() + 1];
        this.itemAtSlot = new int[items];
        this.slotOfItem = new int[items];
        assignSlots();

        FMatrixRMaj vectors = hybrid.itemRepresentations(itemFeatures);
        float[] biases = hybrid.itemBiases(itemFeatures);
        this.components = new float[k * items];
        this.biasAtSlot = new float[items];
        this.normAtSlot = new float[items];
        for (int slot = 0; slot < items; slot++) {
            int item = itemAtSlot[slot];
            double squares = 0;
            for (int d = 0; d < k; d++) {
                float x = vectors.data[item * k + d];
                components[d * items + slot] = x;
                squares += (double) x * x;
            }
            biasAtSlot[slot] = biases[item];
            normAtSlot[slot] = (float) Math.sqrt(squares);
        }

        this.itemFeatureVectors = hybrid.itemEmbeddings().data;
        this.itemFeatureBiases = hybrid.itemFeatureBiases();
        this.featureItemCount = new int[itemFeatures.featureCount()];
        this.featureCountInType = new int[typeCode.size()][itemFeatures.featureCount()];
        for (int i = 0; i < items; i++) {
            for (int q = itemFeatures.rowStart()[i]; q < itemFeatures.rowStart()[i + 1]; q++) {
                int column = itemFeatures.columns()[q];
                featureItemCount[column]++;
                featureCountInType[typeOf[i]][column]++;
            }
        }

        Interactions interactions = model.interactions();
        this.popularity = interactionCounts(interactions);
        this.popularOfType = new int[typeCode.size()][];
        for (int t = 0; t < popularOfType.length; t++) {
            popularOfType[t] = popularFirst(t);
        }
        Interactions.ByUser byUser = interactions.byUser();
        this.interactedStart = new int[userIds.size() + 1];
        this.interactedItems = new int[interactions.size()];
        this.interactedSeen = new boolean[interactions.size()];
        for (int u = 0; u < userIds.size(); u++) {
            interactedStart[u + 1] = byUser.end(u);
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                interactedItems[p] = byUser.item(p);
                interactedSeen[p] = interactions.seen()[byUser.originalPosition(p)];
            }
        }
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
        return typeCode.containsKey(itemType);
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
        Integer type = typeCode.get(itemType);
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
        Integer type = typeCode.get(itemType);
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
        int type = typeOf[item];
        int from = typeStart[type];
        float[] cosines = new float[typeStart[type + 1] - from];
        int target = slotOfItem[item];
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
            int i = itemAtSlot[from + j];
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
        return Optional.of(new Explanation(userId, itemId, similarInteracted(user, item),
                sharedFeatures(user, item)));
    }

    /** Only the type's block is scored: the shift needs nothing outside it. */
    private UserItemsResult rankInteractedLast(int user, int type, int n) {
        int from = typeStart[type];
        float[] scores = new float[typeStart[type + 1] - from];
        score(user, from, scores);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float s : scores) {
            max = Math.max(max, s);
            min = Math.min(min, s);
        }
        // In double so that rounding cannot lift a shifted score back up to the lowest untouched one.
        double shift = ((double) max - min) + 1.0;
        for (int p = interactedStart[user]; p < interactedStart[user + 1]; p++) {
            int i = interactedItems[p];
            if (typeOf[i] == type) {
                int j = slotOfItem[i] - from;
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
        int first = interactedStart[user];
        int end = interactedStart[user + 1];
        float[] kept = new float[end - first];
        for (int p = first; p < end; p++) {
            if (interactedSeen[p]) {
                int slot = slotOfItem[interactedItems[p]];
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
            if (interactedSeen[p]) {
                scores[slotOfItem[interactedItems[p]]] = kept[p - first] - demotion;
            }
        }
        return answer(user, 0, scores, typeStart[type], typeStart[type + 1], n, true);
    }

    /** The best n positions of scores[from, to), whose position j holds slot {@code base + j}. */
    private UserItemsResult answer(int user, int base, float[] scores, int from, int to, int n, boolean seenOnly) {
        int[] best = TopN.select(scores, from, to, n, -1);
        List<ScoredItem> out = new ArrayList<>(best.length);
        for (int j : best) {
            int i = itemAtSlot[base + j];
            out.add(new ScoredItem(itemIds.get(i), i, scores[j], interacted(user, i, seenOnly)));
        }
        return UserItemsResult.ok(out);
    }

    /**
     * out[j] = user · item + bias for the items in slots [from, from + out.length); per item the sum runs over the
     * components in order, then adds the bias.
     */
    private void score(int user, int from, float[] out) {
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

    private boolean interacted(int user, int item, boolean seenOnly) {
        int p = Arrays.binarySearch(interactedItems, interactedStart[user], interactedStart[user + 1], item);
        return p >= 0 && (!seenOnly || interactedSeen[p]);
    }

    private List<ScoredItem> similarInteracted(int user, int item) {
        int first = interactedStart[user];
        float[] cosines = new float[interactedStart[user + 1] - first];
        int exclude = -1;
        for (int p = first; p < interactedStart[user + 1]; p++) {
            int other = interactedItems[p];
            cosines[p - first] = cosine(slotOfItem[item], slotOfItem[other]);
            exclude = other == item ? p - first : exclude;
        }
        List<ScoredItem> out = new ArrayList<>();
        for (int c : TopN.select(cosines, 0, cosines.length, SIMILAR_IN_EXPLANATION, exclude)) {
            int i = interactedItems[first + c];
            out.add(new ScoredItem(itemIds.get(i), i, cosines[c], false));
        }
        return out;
    }

    private float cosine(int slotA, int slotB) {
        float dot = 0f;
        for (int d = 0; d < k; d++) {
            dot += components[d * items + slotA] * components[d * items + slotB];
        }
        float denominator = normAtSlot[slotA] * normAtSlot[slotB];
        return denominator > 0f ? dot / denominator : 0f;
    }

    /**
     * Features of the item that the user's other items also carry, leaving out those that lower this user's score
     * for it and those that say nothing about it (see {@link #informative}). Strongest first: by
     * overlap with the user's items × the feature's contribution {@code pu · E_f + b_f} × its rarity, then by
     * overlap alone.
     */
    private List<String> sharedFeatures(int user, int item) {
        int[] start = itemFeatures.rowStart();
        int[] columns = itemFeatures.columns();
        float[] values = itemFeatures.values();
        List<String> names = itemFeatures.featureNames();
        Map<Integer, Float> own = new HashMap<>();
        for (int q = start[item]; q < start[item + 1]; q++) {
            int f = columns[q];
            boolean identity = !identityPrefix.isEmpty() && names.get(f).startsWith(identityPrefix);
            if (!identity && informative(f, typeOf[item]) && contribution(user, f) >= 0) {
                own.put(f, values[q]);
            }
        }
        Map<Integer, Double> overlap = new HashMap<>();
        for (int p = interactedStart[user]; p < interactedStart[user + 1]; p++) {
            int other = interactedItems[p];
            if (other == item) {
                continue;
            }
            for (int q = start[other]; q < start[other + 1]; q++) {
                Float mine = own.get(columns[q]);
                if (mine != null) {
                    overlap.merge(columns[q], (double) mine * values[q], Double::sum);
                }
            }
        }
        Comparator<Map.Entry<Integer, Double>> byWeight = Comparator.comparingDouble(
                e -> e.getValue() * contribution(user, e.getKey()) * rarity(e.getKey()));
        return overlap.entrySet().stream()
                .sorted(byWeight.reversed()
                        .thenComparing(Map.Entry.<Integer, Double>comparingByValue().reversed())
                        .thenComparing(e -> names.get(e.getKey())))
                .limit(SHARED_FEATURES_IN_EXPLANATION)
                .map(e -> names.get(e.getKey()))
                .toList();
    }

    /** Carried by at most half of all items and by less than 90% of the items of the type. */
    private boolean informative(int feature, int type) {
        int typeSize = typeStart[type + 1] - typeStart[type];
        return 2 * featureItemCount[feature] <= items && 10 * featureCountInType[type][feature] < 9 * typeSize;
    }

    /** ln(items / items carrying the feature): a topic few items have says more than a common word. */
    private double rarity(int feature) {
        return Math.log((double) items / Math.max(1, featureItemCount[feature]));
    }

    private double contribution(int user, int feature) {
        double sum = itemFeatureBiases[feature];
        int u = user * k;
        int f = feature * k;
        for (int d = 0; d < k; d++) {
            sum += (double) userVectors[u + d] * itemFeatureVectors[f + d];
        }
        return sum;
    }

    /** Slots: items grouped by type (types in order of first appearance), index order within a type. */
    private void assignSlots() {
        for (int t : typeOf) {
            typeStart[t + 1]++;
        }
        for (int t = 0; t < typeStart.length - 1; t++) {
            typeStart[t + 1] += typeStart[t];
        }
        int[] fill = Arrays.copyOf(typeStart, typeStart.length - 1);
        for (int i = 0; i < items; i++) {
            int slot = fill[typeOf[i]]++;
            itemAtSlot[slot] = i;
            slotOfItem[i] = slot;
        }
    }

    /** The type's items, most interacted-with first; slots run in index order, so ties go to the lower index. */
    private int[] popularFirst(int type) {
        int from = typeStart[type];
        float[] counts = new float[typeStart[type + 1] - from];
        for (int j = 0; j < counts.length; j++) {
            counts[j] = popularity[itemAtSlot[from + j]];
        }
        int[] order = TopN.select(counts, 0, counts.length, counts.length, -1);
        for (int r = 0; r < order.length; r++) {
            order[r] = itemAtSlot[from + order[r]];
        }
        return order;
    }

    private static float[] interactionCounts(Interactions interactions) {
        int[] counts = interactions.itemCounts();
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
