package io.mlservice.model;

import io.mlservice.data.Dataset;
import io.mlservice.data.Interactions;

import java.util.Arrays;
import java.util.Map;

/**
 * Judges a trained model on what came after it: the pairs of a later export of the same tenant that are not among
 * the model's own interactions, of users and items the model knows. Every model trained on the earlier export is
 * judged on the same pairs, none of which it trained on, whether it was a full search or a warm retrain.
 */
public final class LaterPairs {
    private final TenantModel model;
    private final Interactions later;

    private LaterPairs(TenantModel model, Interactions later) {
        this.model = model;
        this.later = later;
    }

    /** The later dataset's pairs new to the model, in the model's row numbers. */
    public static LaterPairs of(TenantModel model, Dataset laterData) {
        Map<String, Integer> users = Dataset.indexOf(model.userIds());
        Map<String, Integer> items = Dataset.indexOf(model.itemIds());
        Interactions.ByUser known = model.interactions().byUser();
        Interactions in = laterData.interactions();
        int[] u = new int[in.size()];
        int[] i = new int[in.size()];
        int n = 0;
        for (int p = 0; p < in.size(); p++) {
            Integer user = users.get(laterData.userIds().get(in.users()[p]));
            Integer item = items.get(laterData.itemIds().get(in.items()[p]));
            if (user != null && item != null && !known.contains(user, item)) {
                u[n] = user;
                i[n] = item;
                n++;
            }
        }
        float[] weights = new float[n];
        Arrays.fill(weights, 1f);
        return new LaterPairs(model, new Interactions(model.userIds().size(), model.itemIds().size(),
                Arrays.copyOf(u, n), Arrays.copyOf(i, n), weights, new boolean[n]));
    }

    /** How many later pairs are new to the model. */
    public int size() {
        return later.size();
    }

    /** The model's precision, recall at 10 and AUC on the new pairs, every user with one judged. */
    public Metrics model() {
        return evaluator().evaluate(new ModelScorer(model.model(), model.userFeatures(), model.itemFeatures()));
    }

    /** Popularity (counts of the model's own interactions) on the same pairs. */
    public Metrics popularity() {
        return evaluator().evaluate(new PopularityScorer(model.interactions()));
    }

    private Evaluator evaluator() {
        return new Evaluator(model.interactions(), later, 10, 0, 0L);
    }
}
