package io.mlservice.totara;

import java.util.List;
import java.util.Map;

/**
 * One tenant's export as read from Totara's CSV files, validated but not yet turned into training data.
 * Users and items are in file order.
 */
public record TenantExport(
        String tenant,
        List<User> users,
        List<Item> items,
        List<Interaction> interactions,
        List<String> topicNames,
        List<String> skipped) {

    public TenantExport {
        users = List.copyOf(users);
        items = List.copyOf(items);
        interactions = List.copyOf(interactions);
        topicNames = List.copyOf(topicNames);
        skipped = List.copyOf(skipped);
    }

    /**
     * A row of {@code user_data_{t}.csv}. The Totara 13/14 form has only id and lang: the other fields are then
     * empty. The list fields hold the ids of the {@code |}-joined columns.
     */
    public record User(
            String userId,
            String lang,
            String city,
            String country,
            List<String> interests,
            List<String> aspPositions,
            List<String> positions,
            List<String> organisations,
            Map<String, Double> competencies,
            List<String> badges,
            String description) {

        public User {
            interests = List.copyOf(interests);
            aspPositions = List.copyOf(aspPositions);
            positions = List.copyOf(positions);
            organisations = List.copyOf(organisations);
            competencies = Map.copyOf(competencies);
            badges = List.copyOf(badges);
        }

        public static User minimal(String userId, String lang) {
            return new User(userId, lang, "", "", List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(), "");
        }
    }

    /** A row of {@code item_data_{t}.csv}: the id (component + number), its component, its topics, its text. */
    public record Item(String itemId, String component, List<String> topics, String document) {
        public Item {
            topics = List.copyOf(topics);
        }
    }

    /** A row of {@code user_interactions_{t}.csv}; {@code line} is the 1-based line in the file. */
    public record Interaction(String userId, String itemId, int rating, long timestamp, long line) {
    }
}
