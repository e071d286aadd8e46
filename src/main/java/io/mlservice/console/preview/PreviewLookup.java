package io.mlservice.console.preview;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;
import io.mlservice.model.TenantModel;
import io.mlservice.serving.Explanation;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.Recommendations;
import io.mlservice.serving.ScoredItem;
import io.mlservice.serving.SeenRule;
import io.mlservice.serving.TenantRecommender;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes what the preview shows from one registry snapshot and the service's rules. The lists come from
 * {@link Recommendations}, the code the API answers with; this class only adds what a person needs to read them
 * (profiles, histories, reasons). Blocking work for a large tenant: call it off the JavaFX thread.
 */
final class PreviewLookup {
    /** Feature name prefixes (before {@code =}) and what the preview calls them, in the order shown. */
    private static final Map<String, String> GROUPS = groups();
    /** Identity columns ({@code user:42}, {@code item:engage_article7}) say nothing to a reader. */
    private static final Set<String> IDENTITY_PREFIXES = Set.of("user:", "item:");
    private static final int WORDS_SHOWN = 15;
    private static final int REASON_ITEMS = 3;

    private final Function<ModelRegistry.Entry, TenantIndex> indexes;

    /**
     * @param indexes the index of a trained entry (a cache, so that a large tenant is indexed once per model)
     */
    PreviewLookup(Function<ModelRegistry.Entry, TenantIndex> indexes) {
        this.indexes = indexes;
    }

    /** The user's preview in the tenant; {@code userId} as typed (trimmed, as the API trims its parameters). */
    UserPreview user(ModelRegistry.Snapshot snapshot, Recommendations.Rules rules, String tenant, String userId) {
        String user = userId.trim();
        int n = rules.userItemsDefault();
        Recommendations.Lookup lookup = Recommendations.tenant(snapshot, tenant);
        if (!lookup.found()) {
            List<UserPreview.TypeAnswer> answers = TenantIndex.CONTRACT_TYPES.stream()
                    .map(type -> new UserPreview.TypeAnswer(type, false, lookup.failure().message(), false, List.of()))
                    .toList();
            return new UserPreview(tenant, user, lookup.failure().message(), false, n, List.of(), List.of(), answers);
        }
        TenantIndex index = indexes.apply(snapshot.tenants().get(tenant));
        TenantRecommender recommender = lookup.recommender();
        int row = index.user(user);
        List<UserPreview.TypeAnswer> answers = new ArrayList<>();
        for (String type : index.itemTypes()) {
            Recommendations.Outcome outcome = Recommendations.userItems(snapshot, tenant, user, type, n, rules);
            answers.add(typeAnswer(index, recommender, rules.seenRule(), user, type, outcome));
        }
        if (row < 0) {
            return new UserPreview(tenant, user, null, false, n, List.of(), List.of(), answers);
        }
        TenantModel model = index.model();
        return new UserPreview(tenant, user, null, true, n, groups(model.userFeatures(), row),
                history(index, row), answers);
    }

    /** The item's preview in the tenant: its features and the answer of {@code /similar-items}. */
    ItemPreview item(ModelRegistry.Snapshot snapshot, Recommendations.Rules rules, String tenant, String itemId) {
        String requested = itemId.trim();
        int n = rules.similarItemsDefault();
        Recommendations.Lookup lookup = Recommendations.tenant(snapshot, tenant);
        if (!lookup.found()) {
            String message = lookup.failure().message();
            return new ItemPreview(tenant, requested, null, message, null, 0, List.of(), false, message, n,
                    List.of());
        }
        TenantIndex index = indexes.apply(snapshot.tenants().get(tenant));
        Recommendations.Outcome outcome = Recommendations.similarItems(snapshot, tenant, requested, n);
        String resolved = outcome.resolvedId();
        if (resolved == null) {
            return new ItemPreview(tenant, requested, null, null, null, 0, List.of(), outcome.success(),
                    outcome.message(), n, List.of());
        }
        int row = index.item(resolved);
        FeatureMatrix features = index.model().itemFeatures();
        Set<String> topics = topicsOf(features, row);
        List<ItemPreview.Similar> similar = new ArrayList<>();
        for (ScoredItem s : outcome.items()) {
            List<String> shared = topicsOf(features, s.index()).stream().filter(topics::contains).sorted().toList();
            similar.add(new ItemPreview.Similar(similar.size() + 1, s.itemId(), index.itemType(s.index()),
                    s.numericId(), s.formattedScore(), shared));
        }
        return new ItemPreview(tenant, requested, resolved, null, index.itemType(row), index.interactions(row),
                groups(features, row), outcome.success(), outcome.message(), n, similar);
    }

    private static UserPreview.TypeAnswer typeAnswer(TenantIndex index, TenantRecommender recommender,
                                                     SeenRule rule, String user, String type,
                                                     Recommendations.Outcome outcome) {
        if (!outcome.success()) {
            return new UserPreview.TypeAnswer(type, false, outcome.message(), false, List.of());
        }
        List<UserPreview.Recommendation> rows = new ArrayList<>(outcome.items().size());
        for (ScoredItem s : outcome.items()) {
            Explanation explanation = outcome.coldStart() ? null : recommender.explain(user, s.itemId()).orElse(null);
            String why = outcome.coldStart()
                    ? "Popular: " + index.interactions(s.index()) + " interactions (cold start)"
                    : why(explanation, s.demoted(), rule);
            rows.add(new UserPreview.Recommendation(rows.size() + 1, s.itemId(), index.itemType(s.index()),
                    s.numericId(), s.formattedScore(), s.demoted(), why, explanation));
        }
        return new UserPreview.TypeAnswer(type, true, null, outcome.coldStart(), rows);
    }

    /**
     * The reasons in one line: the ranking down, the items the user interacted with nearest to it (cosine of the
     * embeddings), then the topics and words it shares with them.
     */
    static String why(Explanation explanation, boolean rankedDown, SeenRule rule) {
        List<String> parts = new ArrayList<>();
        if (rankedDown) {
            parts.add(rule == SeenRule.ORIGINAL_DEMOTION
                    ? "Already seen: lowered by half the score range"
                    : "Already interacted with: ranked after new items");
        }
        if (explanation != null && !explanation.similarInteracted().isEmpty()) {
            parts.add("Near " + explanation.similarInteracted().stream().limit(REASON_ITEMS)
                    .map(s -> s.itemId() + " (" + String.format(Locale.ROOT, "%.2f", s.score()) + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (explanation != null) {
            Map<String, List<String>> shared = new LinkedHashMap<>();
            for (String feature : explanation.sharedFeatures()) {
                int eq = feature.indexOf('=');
                String prefix = eq < 0 ? feature : feature.substring(0, eq);
                String value = eq < 0 ? feature : feature.substring(eq + 1);
                shared.computeIfAbsent(label(prefix).toLowerCase(Locale.ROOT), p -> new ArrayList<>())
                        .add(value);
            }
            shared.forEach((label, values) -> parts.add("shares " + label + ": " + String.join(", ", values)));
        }
        if (parts.isEmpty() || (rankedDown && parts.size() == 1)) {
            parts.add("Fits the user's profile (no close item in the history)");
        }
        return String.join(" · ", parts);
    }

    private static List<UserPreview.Interaction> history(TenantIndex index, int user) {
        Interactions interactions = index.model().interactions();
        Interactions.ByUser byUser = interactions.byUser();
        List<UserPreview.Interaction> out = new ArrayList<>(byUser.count(user));
        for (int p = byUser.start(user); p < byUser.end(user); p++) {
            int item = byUser.item(p);
            out.add(new UserPreview.Interaction(index.model().itemIds().get(item), index.itemType(item),
                    interactions.seen()[byUser.originalPosition(p)]));
        }
        out.sort(Comparator.comparing(UserPreview.Interaction::itemId, TenantIndex.NATURAL));
        return out;
    }

    /** A row's features by kind, strongest first within a kind, identity columns left out. */
    static List<UserPreview.ProfileGroup> groups(FeatureMatrix features, int row) {
        Map<String, List<Map.Entry<String, Float>>> byPrefix = new LinkedHashMap<>();
        List<String> names = features.featureNames();
        for (int q = features.rowStart()[row]; q < features.rowStart()[row + 1]; q++) {
            String name = names.get(features.columns()[q]);
            if (IDENTITY_PREFIXES.stream().anyMatch(name::startsWith)) {
                continue;
            }
            int eq = name.indexOf('=');
            String prefix = eq < 0 ? "" : name.substring(0, eq);
            byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>())
                    .add(Map.entry(eq < 0 ? name : name.substring(eq + 1), features.values()[q]));
        }
        List<String> order = new ArrayList<>(GROUPS.keySet());
        byPrefix.keySet().stream().filter(p -> !GROUPS.containsKey(p)).sorted().forEach(order::add);
        List<UserPreview.ProfileGroup> out = new ArrayList<>();
        for (String prefix : order) {
            List<Map.Entry<String, Float>> values = byPrefix.get(prefix);
            if (values == null) {
                continue;
            }
            values.sort(Map.Entry.<String, Float>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey(TenantIndex.NATURAL)));
            int limit = prefix.endsWith("word") ? WORDS_SHOWN : Integer.MAX_VALUE;
            out.add(new UserPreview.ProfileGroup(label(prefix),
                    values.stream().limit(limit).map(Map.Entry::getKey).toList()));
        }
        return out;
    }

    private static Set<String> topicsOf(FeatureMatrix features, int row) {
        List<String> names = features.featureNames();
        Set<String> out = new HashSet<>();
        for (int q = features.rowStart()[row]; q < features.rowStart()[row + 1]; q++) {
            String name = names.get(features.columns()[q]);
            if (name.startsWith("topic=")) {
                out.add(name.substring("topic=".length()));
            }
        }
        return out;
    }

    private static String label(String prefix) {
        return GROUPS.getOrDefault(prefix, prefix.isEmpty() ? "Other" : prefix);
    }

    private static Map<String, String> groups() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("lang", "Language");
        g.put("country", "Country");
        g.put("interest", "Interests");
        g.put("asp_position", "Aspired positions");
        g.put("position", "Positions");
        g.put("organisation", "Organisations");
        g.put("badge", "Badges");
        g.put("competency", "Competencies");
        g.put("user_word", "Words");
        g.put("component", "Component");
        g.put("topic", "Topics");
        g.put("word", "Words");
        return g;
    }
}
