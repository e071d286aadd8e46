package io.mlservice.totara;

import io.mlservice.totara.TenantExport.Item;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The usable items of {@code item_data}, the topic columns, and which item ids were skipped. */
record ItemTable(List<Item> items, List<String> topicNames, Map<String, Item> byId, Set<String> skippedIds) {

    /** The components every supported Totara exports a column for; newer versions add more. */
    private static final Set<String> KNOWN_COMPONENTS = Set.of(
            "container_course", "container_workspace", "engage_article", "engage_microlearning", "totara_playlist");

    /**
     * Splits the 0/1 columns into components and topics, then gives each item its component. A column is a
     * component if it is a known one or the id prefix of some item, so the columns newer Totara versions add
     * (such as {@code totara_program}) do not pass for topics.
     */
    static ItemTable resolve(List<String> header, int[] flagColumns, Collection<PendingItem> rows, Skips skips) {
        Set<String> components = new HashSet<>(KNOWN_COMPONENTS);
        for (PendingItem row : rows) {
            if (!row.prefix().isEmpty()) {
                components.add(row.prefix());
            }
        }
        boolean[] isComponent = new boolean[header.size()];
        List<String> topicNames = new ArrayList<>();
        for (int column : flagColumns) {
            isComponent[column] = components.contains(header.get(column));
            if (!isComponent[column]) {
                topicNames.add(header.get(column));
            }
        }
        List<Item> items = new ArrayList<>(rows.size());
        Map<String, Item> byId = new HashMap<>(ExportValues.capacity(rows.size()));
        Set<String> skippedIds = new HashSet<>();
        for (PendingItem row : rows) {
            Item item = item(row, header, isComponent, skips);
            if (item == null) {
                skippedIds.add(row.id());
            } else {
                items.add(item);
                byId.put(item.itemId(), item);
            }
        }
        return new ItemTable(items, topicNames, byId, skippedIds);
    }

    /** The item, or null (counted in {@code skips}) when its component columns do not say one thing. */
    private static Item item(PendingItem row, List<String> header, boolean[] isComponent, Skips skips) {
        String component = null;
        int componentCount = 0;
        List<String> topics = new ArrayList<>(row.setFlags().length);
        for (int column : row.setFlags()) {
            if (isComponent[column]) {
                component = header.get(column);
                componentCount++;
            } else {
                topics.add(header.get(column));
            }
        }
        if (componentCount == 0) {
            skips.add("no component column set to 1", row.line());
        } else if (componentCount > 1) {
            skips.add("more than one component column set to 1", row.line());
        } else if (!component.equals(row.prefix())) {
            skips.add("the component column set to 1 does not match the item_id prefix", row.line());
        } else {
            return new Item(row.id(), component, topics, row.document());
        }
        return null;
    }
}
