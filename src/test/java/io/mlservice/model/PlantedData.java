package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Interactions with a planted low-rank structure: users of group g pick items of group g. */
record PlantedData(Interactions interactions, FeatureMatrix users, FeatureMatrix items, int[] userGroup,
                   int[] itemGroup) {

    static PlantedData generate(int users, int items, int groups, int perUser, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] userGroup = new int[users];
        int[] itemGroup = new int[items];
        for (int u = 0; u < users; u++) {
            userGroup[u] = random.nextInt(groups);
        }
        for (int i = 0; i < items; i++) {
            itemGroup[i] = i % groups;
        }
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            Set<Integer> chosen = new LinkedHashSet<>();
            while (chosen.size() < perUser) {
                int i;
                if (random.nextDouble() < noise) {
                    i = random.nextInt(items);
                } else {
                    i = userGroup[u] + groups * random.nextInt(items / groups);
                }
                chosen.add(i);
            }
            for (int i : chosen) {
                pairs.add(new int[]{u, i});
            }
        }
        int n = pairs.size();
        int[] us = new int[n];
        int[] is = new int[n];
        float[] w = new float[n];
        boolean[] seen = new boolean[n];
        for (int p = 0; p < n; p++) {
            us[p] = pairs.get(p)[0];
            is[p] = pairs.get(p)[1];
            w[p] = 1f;
        }
        List<String> userNames = new ArrayList<>();
        List<String> itemNames = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            userNames.add("u" + u);
        }
        for (int i = 0; i < items; i++) {
            itemNames.add("i" + i);
        }
        return new PlantedData(new Interactions(users, items, us, is, w, seen),
                FeatureMatrix.identity(userNames), FeatureMatrix.identity(itemNames), userGroup, itemGroup);
    }
}
