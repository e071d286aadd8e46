package io.mlservice.totara.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What all tenants of the demo site share: the interest groups and the topics (Totara tags) they own. */
final class Site {

    /** A topic: its tag id, its name, its column in {@code item_data}, the hidden group it belongs to. */
    record Topic(long tagId, String name, String column, int group) {
    }

    private final List<Topic> topics;
    private final List<List<Integer>> topicsByGroup;

    Site(long seed) {
        record Named(String name, int group) {
        }
        Rng rng = Rng.stream(seed, -1, Rng.Purpose.SITE);
        List<Named> named = new ArrayList<>();
        for (int g = 0; g < groups(); g++) {
            for (String name : Vocabulary.GROUPS.get(g).topics()) {
                named.add(new Named(name, g));
            }
        }
        // alphabetical, as an admin's list of topics would be, so the columns do not give the groups away
        named.sort(Comparator.comparing(Named::name));
        List<Topic> built = new ArrayList<>();
        long tagId = 3;
        for (Named n : named) {
            tagId += 1 + (rng.chance(0.3) ? rng.nextInt(4) : 0);
            built.add(new Topic(tagId, n.name(), column(n.name()), n.group()));
        }
        topics = List.copyOf(built);
        List<List<Integer>> byGroup = new ArrayList<>();
        for (int g = 0; g < groups(); g++) {
            byGroup.add(new ArrayList<>());
        }
        for (int t = 0; t < topics.size(); t++) {
            byGroup.get(topics.get(t).group()).add(t);
        }
        topicsByGroup = byGroup.stream().map(List::copyOf).toList();
    }

    int groups() {
        return Vocabulary.GROUPS.size();
    }

    /** The topics in column order. */
    List<Topic> topics() {
        return topics;
    }

    /** A topic (index into {@link #topics()}) of the group. */
    int topicOf(int group, Rng rng) {
        return rng.pick(topicsByGroup.get(group));
    }

    int anyTopic(Rng rng) {
        return rng.nextInt(topics.size());
    }

    /** Totara's column name for a topic: {@code topic_} and the name without quotes, hyphens, commas, dots, spaces. */
    static String column(String name) {
        return "topic_" + name.replaceAll("[\"'\\-,. ]", "");
    }
}
