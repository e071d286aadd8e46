package io.mlservice.console.preview;

import io.mlservice.data.Dataset;
import io.mlservice.model.TenantModel;
import io.mlservice.serving.ModelRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One served tenant as the preview reads it: ids to rows, the known ids in a natural order for suggestions, the
 * item types to preview and how often each item was interacted with. Immutable; built off the JavaFX thread once
 * per model that starts serving.
 */
final class TenantIndex {
    /** The item types Totara asks for (contract, section 3); further types found in the data follow them. */
    static final List<String> CONTRACT_TYPES = List.of("container_course", "container_workspace", "engage_article",
            "engage_microlearning", "totara_playlist");

    /** {@code engage_article2} before {@code engage_article10}: text, then the trailing number by value. */
    static final Comparator<String> NATURAL = Comparator.<String, String>comparing(
                    id -> id.substring(0, id.length() - trailingDigits(id)))
            .thenComparingInt(TenantIndex::trailingDigits)
            .thenComparing(Comparator.naturalOrder());

    private final ModelRegistry.Entry entry;
    private final Map<String, Integer> users;
    private final Map<String, Integer> items;
    private final List<String> sortedUsers;
    private final List<String> sortedItems;
    private final List<String> itemTypes;
    private final int[] interactionCounts;

    private TenantIndex(ModelRegistry.Entry entry) {
        TenantModel model = entry.model();
        this.entry = entry;
        this.users = Dataset.indexOf(model.userIds());
        this.items = Dataset.indexOf(model.itemIds());
        this.sortedUsers = model.userIds().stream().sorted(NATURAL).toList();
        this.sortedItems = model.itemIds().stream().sorted(NATURAL).toList();
        Set<String> types = new LinkedHashSet<>(CONTRACT_TYPES);
        types.addAll(model.itemTypes());
        this.itemTypes = List.copyOf(types);
        this.interactionCounts = model.interactions().itemCounts();
    }

    /** The index of a trained entry. */
    static TenantIndex of(ModelRegistry.Entry entry) {
        if (!entry.trained()) {
            throw new IllegalArgumentException("tenant " + entry.tenant() + " has no model");
        }
        return new TenantIndex(entry);
    }

    ModelRegistry.Entry entry() {
        return entry;
    }

    TenantModel model() {
        return entry.model();
    }

    /** The user's row, or -1 when the model does not know the user. */
    int user(String userId) {
        return users.getOrDefault(userId, -1);
    }

    /** The item's row, or -1. */
    int item(String itemId) {
        return items.getOrDefault(itemId, -1);
    }

    String itemType(int item) {
        return entry.model().itemTypes().get(item);
    }

    int interactions(int item) {
        return interactionCounts[item];
    }

    /** The contract's item types, then any other type the tenant's items have. */
    List<String> itemTypes() {
        return itemTypes;
    }

    List<String> suggestUsers(String typed, int limit) {
        return suggest(sortedUsers, typed, limit);
    }

    List<String> suggestItems(String typed, int limit) {
        return suggest(sortedItems, typed, limit);
    }

    /**
     * Ids matching what was typed, in natural order: the id itself, then ids starting with the text, then ids
     * containing it (ignoring case).
     */
    static List<String> suggest(List<String> sorted, String typed, int limit) {
        String text = typed == null ? "" : typed.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || limit <= 0) {
            return List.of();
        }
        List<String> exact = new ArrayList<>(1);
        List<String> starting = new ArrayList<>();
        List<String> containing = new ArrayList<>();
        for (String id : sorted) {
            String lower = id.toLowerCase(Locale.ROOT);
            if (lower.equals(text)) {
                exact.add(id);
            } else if (lower.startsWith(text)) {
                if (starting.size() < limit) {
                    starting.add(id);
                }
            } else if (containing.size() < limit && lower.contains(text)) {
                containing.add(id);
            }
        }
        List<String> out = new ArrayList<>(exact);
        out.addAll(starting);
        out.addAll(containing);
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }

    private static int trailingDigits(String id) {
        int n = 0;
        while (n < id.length() && Character.isDigit(id.charAt(id.length() - 1 - n))) {
            n++;
        }
        return n;
    }
}
