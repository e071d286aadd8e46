package io.mlservice.bench;

import io.mlservice.model.TenantModel;
import io.mlservice.serving.TenantRecommender;
import io.mlservice.serving.UserItemsResult;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /user-items} as the service computes it, in-process (the HTTP API is benched by {@code bench api}): the
 * median and 99th percentile over seeded users, asking for the item type most items have, after one unmeasured pass
 * over the same users.
 *
 * @param itemType the type asked for
 * @param users    users asked (each once per pass)
 */
record UserItemsLatency(String itemType, int users, long medianNanos, long p99Nanos) {
    private static final int ITEMS_ASKED = 10;

    static UserItemsLatency measure(TenantModel model, int users, long seed) {
        TenantRecommender recommender = new TenantRecommender(model);
        String type = commonestType(model.itemTypes());
        List<String> ids = model.userIds();
        SplittableRandom random = new SplittableRandom(seed);
        String[] asked = new String[Math.min(users, ids.size())];
        Arrays.setAll(asked, i -> ids.get(random.nextInt(ids.size())));
        for (String user : asked) {
            answer(recommender, user, type);
        }
        long[] nanos = new long[asked.length];
        for (int i = 0; i < asked.length; i++) {
            long t0 = System.nanoTime();
            answer(recommender, asked[i], type);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return new UserItemsLatency(type, asked.length, nanos[nanos.length / 2],
                nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)]);
    }

    private static void answer(TenantRecommender recommender, String user, String type) {
        UserItemsResult result = recommender.userItems(user, type, ITEMS_ASKED);
        if (result.status() != UserItemsResult.Status.OK) {
            throw new IllegalStateException("/user-items for a known user answered " + result.status());
        }
    }

    private static String commonestType(List<String> itemTypes) {
        Map<String, Long> counts = itemTypes.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        // the most items; on a tie, the first type by name
        Comparator<Map.Entry<String, Long>> order = Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());
        return counts.entrySet().stream().max(order).orElseThrow().getKey();
    }
}
