package io.mlservice.totara;

import io.mlservice.data.Dataset;
import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.FeatureMatrixBuilder;
import io.mlservice.data.Interactions;
import io.mlservice.data.PairIndex;
import io.mlservice.data.text.TextCleaner;
import io.mlservice.data.text.TfidfVectorizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a tenant's export into training data by the original service's rules: the latest interaction per
 * (user, item), weight rating + 1, "seen" = rating 1, at least 10 users and 10 items; and builds the feature
 * matrices of the chosen algorithm.
 */
public final class DatasetAssembler {
    public static final int MIN_USERS = 10;
    public static final int MIN_ITEMS = 10;
    /** Each categorical profile column keeps only its most frequent values, like the original. */
    static final int TOP_VALUES = 30;
    public static final String USER_ID_PREFIX = "user:";
    public static final String ITEM_ID_PREFIX = "item:";

    /**
     * @param identity  add one identity feature per user and per item (our default; the original has none in
     *                  {@code partial} and {@code hybrid})
     * @param normalise scale each feature row to sum 1 (our default; the original does not)
     */
    public record Options(Algorithm algorithm, boolean identity, boolean normalise) {
        public static Options of(Algorithm algorithm) {
            return new Options(algorithm, true, true);
        }

        /** The original service's matrices: features only (identity only for {@code mf}), not normalised. */
        public static Options original(Algorithm algorithm) {
            return new Options(algorithm, algorithm == Algorithm.MF, false);
        }
    }

    /** Vocabulary cap per text column (item documents, user texts). */
    public static final int MAX_TERMS = 20_000;

    private final TextFeatures text;

    public DatasetAssembler() {
        this(TextFeatures.tfidf(MAX_TERMS));
    }

    public DatasetAssembler(TextFeatures text) {
        this.text = text;
    }

    public Dataset assemble(TenantExport export, Options options) throws InsufficientDataException {
        String t = export.tenant();
        if (export.users().size() < MIN_USERS || export.items().size() < MIN_ITEMS) {
            throw new InsufficientDataException(t, export.users().size() + " users and " + export.items().size()
                    + " items; at least " + MIN_USERS + " of each are needed");
        }
        List<String> userIds = export.users().stream().map(TenantExport.User::userId).toList();
        List<String> itemIds = export.items().stream().map(TenantExport.Item::itemId).toList();
        List<String> itemTypes = export.items().stream().map(TenantExport.Item::component).toList();
        Interactions interactions = latestInteractions(export, userIds, itemIds);
        if (interactions.size() == 0) {
            throw new InsufficientDataException(t, "no interactions");
        }
        FeatureMatrix users = userFeatures(export, userIds, options);
        FeatureMatrix items = itemFeatures(export, itemIds, options);
        return new Dataset(t, userIds, itemIds, itemTypes, interactions, users, items);
    }

    /**
     * Keeps the latest interaction per (user, item); a later line wins a tie on timestamp. Pairs keep the order of
     * their first line. Held in primitive arrays: 10M interaction rows would take gigabytes as boxed map entries.
     */
    static Interactions latestInteractions(TenantExport export, List<String> userIds, List<String> itemIds) {
        Map<String, Integer> userIndex = Dataset.indexOf(userIds);
        Map<String, Integer> itemIndex = Dataset.indexOf(itemIds);
        int rows = export.interactions().size();
        PairIndex pairs = new PairIndex(rows);
        int[] users = new int[rows];
        int[] items = new int[rows];
        long[] timestamps = new long[rows];
        int[] ratings = new int[rows];
        int n = 0;
        for (TenantExport.Interaction in : export.interactions()) {
            Integer u = userIndex.get(in.userId());
            Integer i = itemIndex.get(in.itemId());
            if (u == null || i == null) {
                continue;
            }
            int p = pairs.putIfAbsent(u, i, n);
            if (p < 0) {
                users[n] = u;
                items[n] = i;
                timestamps[n] = in.timestamp();
                ratings[n] = in.rating();
                n++;
            } else if (in.timestamp() >= timestamps[p]) {
                timestamps[p] = in.timestamp();
                ratings[p] = in.rating();
            }
        }
        float[] weights = new float[n];
        boolean[] seen = new boolean[n];
        for (int p = 0; p < n; p++) {
            weights[p] = ratings[p] + 1f;
            seen[p] = ratings[p] == 1;
        }
        return new Interactions(userIds.size(), itemIds.size(), Arrays.copyOf(users, n), Arrays.copyOf(items, n),
                weights, seen);
    }

    private FeatureMatrix userFeatures(TenantExport export, List<String> userIds, Options options) {
        List<TenantExport.User> users = export.users();
        FeatureMatrix features;
        if (options.algorithm() == Algorithm.MF) {
            features = FeatureMatrix.identity(prefixed(USER_ID_PREFIX, userIds));
            return features;
        }
        FeatureMatrixBuilder b = new FeatureMatrixBuilder();
        List<Column> columns = List.of(
                new Column("lang", u -> nonEmpty(u.lang())),
                new Column("country", u -> nonEmpty(u.country())),
                new Column("interest", TenantExport.User::interests),
                new Column("asp_position", TenantExport.User::aspPositions),
                new Column("position", TenantExport.User::positions),
                new Column("organisation", TenantExport.User::organisations),
                new Column("badge", TenantExport.User::badges));
        List<Set<String>> kept = columns.stream().map(c -> topValues(users, c.values)).toList();
        for (TenantExport.User u : users) {
            b.startRow();
            for (int c = 0; c < columns.size(); c++) {
                for (String v : columns.get(c).values.apply(u)) {
                    if (kept.get(c).contains(v)) {
                        b.add(columns.get(c).name + "=" + v, 1f);
                    }
                }
            }
            u.competencies().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.add("competency=" + e.getKey(), e.getValue().floatValue()));
            b.endRow();
        }
        features = b.build();
        if (options.algorithm() == Algorithm.HYBRID) {
            features = features.concatColumns(text.vectorise(
                    users.stream().map(u -> (u.city() + " " + u.description()).trim()).toList(), "user_word="));
        }
        return finish(features, USER_ID_PREFIX, userIds, options);
    }

    private FeatureMatrix itemFeatures(TenantExport export, List<String> itemIds, Options options) {
        List<TenantExport.Item> items = export.items();
        if (options.algorithm() == Algorithm.MF) {
            return FeatureMatrix.identity(prefixed(ITEM_ID_PREFIX, itemIds));
        }
        FeatureMatrixBuilder b = new FeatureMatrixBuilder();
        items.stream().map(TenantExport.Item::component).distinct().sorted()
                .forEach(c -> b.declare("component=" + c));
        export.topicNames().forEach(t -> b.declare("topic=" + t));
        for (TenantExport.Item item : items) {
            b.startRow();
            b.add("component=" + item.component(), 1f);
            for (String topic : item.topics()) {
                b.add("topic=" + topic, 1f);
            }
            b.endRow();
        }
        FeatureMatrix features = b.build();
        if (options.algorithm() == Algorithm.HYBRID) {
            features = features.concatColumns(text.vectorise(
                    items.stream().map(TenantExport.Item::document).toList(), "word="));
        }
        return finish(features, ITEM_ID_PREFIX, itemIds, options);
    }

    private static FeatureMatrix finish(FeatureMatrix features, String idPrefix, List<String> ids, Options options) {
        FeatureMatrix out = options.identity()
                ? FeatureMatrix.identity(prefixed(idPrefix, ids)).concatColumns(features)
                : features;
        return options.normalise() ? out.l1NormalisedRows() : out;
    }

    private record Column(String name, Function<TenantExport.User, List<String>> values) {
    }

    private static Set<String> topValues(List<TenantExport.User> users, Function<TenantExport.User, List<String>> f) {
        Map<String, Integer> counts = new HashMap<>();
        for (TenantExport.User u : users) {
            for (String v : f.apply(u)) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < Math.min(TOP_VALUES, sorted.size()); i++) {
            kept.add(sorted.get(i).getKey());
        }
        return kept;
    }

    private static List<String> nonEmpty(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.trim());
    }

    private static List<String> prefixed(String prefix, List<String> ids) {
        return ids.stream().map(id -> prefix + id).toList();
    }

    /** Turns texts into TF-IDF feature columns named {@code prefix + term}. */
    public interface TextFeatures {
        FeatureMatrix vectorise(List<String> documents, String prefix);

        /**
         * The original's TF-IDF after its text cleaning; the vocabulary is capped so that a huge export cannot
         * blow up the model (the rarest terms go first).
         */
        static TextFeatures tfidf(int maxTerms) {
            TextCleaner cleaner = new TextCleaner();
            return (documents, prefix) -> TfidfVectorizer.builder().cleaner(cleaner).maxFeatures(maxTerms)
                    .fitTransform(documents, prefix);
        }
    }
}
