package io.mlservice.totara.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The hidden truth of one tenant: its users and items with the interest groups they were generated from. The
 * export files show only what Totara would; tests read this to check that the structure came through.
 */
record TenantPlan(String id, int index, Vocabulary.Country home, List<User> users, List<Item> items) {

    /** σ of the log-normal item popularity: the top tenth of items draws roughly half of all picks. */
    private static final double POPULARITY_SIGMA = 1.7;
    /** σ of the log-normal user activity: a few heavy users, many light ones, some with no interactions at all. */
    private static final double ACTIVITY_SIGMA = 1.1;
    private static final double SECOND_GROUP_CHANCE = 0.4;
    /** The fewest items per group a tenant aims for: below it, it has fewer groups. */
    private static final int ITEMS_PER_GROUP = 10;

    TenantPlan {
        users = List.copyOf(users);
        items = List.copyOf(items);
    }

    /** A user: mostly of the primary group, with {@code 1 - primaryShare} of a second one ({@code -1}: none). */
    record User(long userId, int primaryGroup, int secondaryGroup, double primaryShare, double activity,
                Component favourite) {

        boolean likes(int group) {
            return group == primaryGroup || group == secondaryGroup;
        }
    }

    /** An item: its main group, its popularity weight, its topics (indices into {@link Site#topics()}). */
    record Item(Component component, long numericId, int group, double popularity, List<Integer> topics) {

        Item {
            topics = List.copyOf(topics);
        }

        String itemId() {
            return component.id() + numericId;
        }
    }

    /** Builds the tenants in order, numbering users and items across the whole site as Totara does. */
    static List<TenantPlan> buildAll(DemoExportGenerator.Spec spec, Site site) {
        Sequences sequences = new Sequences();
        List<String> ids = spec.tenantIds();
        List<TenantPlan> tenants = new ArrayList<>();
        for (int t = 0; t < ids.size(); t++) {
            int users = share(spec.users(), ids.size(), t);
            int items = share(spec.items(), ids.size(), t);
            tenants.add(build(spec.seed(), t, ids.get(t), users, items, site, sequences));
        }
        return List.copyOf(tenants);
    }

    /** Part {@code index} of {@code total} split into {@code parts} near-equal parts. */
    static int share(int total, int parts, int index) {
        return total / parts + (index < total % parts ? 1 : 0);
    }

    private static TenantPlan build(long seed, int index, String id, int userCount, int itemCount, Site site,
                                     Sequences sequences) {
        Rng rng = Rng.stream(seed, index, Rng.Purpose.ITEMS);
        WeightedSampler groups = groups(itemCount, site.groups(), rng);
        List<Item> items = items(itemCount, rng, groups, site, sequences);
        Rng userRng = Rng.stream(seed, index, Rng.Purpose.USERS);
        Vocabulary.Country home = Vocabulary.COUNTRIES.get(userRng.nextInt(Vocabulary.HOME_COUNTRIES));
        List<User> users = new ArrayList<>(userCount);
        WeightedSampler favourites = componentShares();
        for (int u = 0; u < userCount; u++) {
            users.add(user(sequences.nextUser(userRng), userRng, groups, favourites));
        }
        return new TenantPlan(id, index, home, users, items);
    }

    /**
     * The tenant's groups, with uneven sizes as some interests are far more common than others. A small catalogue
     * covers fewer of them, so that each group still has enough items to choose from.
     */
    private static WeightedSampler groups(int itemCount, int siteGroups, Rng rng) {
        int[] all = new int[siteGroups];
        Arrays.setAll(all, g -> g);
        rng.shuffle(all);
        int active = Math.max(2, Math.min(siteGroups, itemCount / ITEMS_PER_GROUP));
        int[] chosen = Arrays.copyOf(all, active);
        Arrays.sort(chosen);
        double[] weights = new double[active];
        Arrays.setAll(weights, g -> 0.3 + rng.nextDouble());
        return new WeightedSampler(chosen, weights);
    }

    private static List<Item> items(int count, Rng rng, WeightedSampler groups, Site site, Sequences sequences) {
        Component[] kinds = componentMix(count, rng);
        List<Item> items = new ArrayList<>(count);
        for (Component kind : kinds) {
            long numericId = sequences.nextItem(kind.idSpace(), rng);
            int group = groups.draw(rng);
            double popularity = rng.logNormal(POPULARITY_SIGMA);
            items.add(new Item(kind, numericId, group, popularity, topics(kind, group, rng, site)));
        }
        items.sort(Comparator.comparingInt((Item i) -> Component.EXPORT_ORDER.indexOf(i.component()))
                .thenComparingLong(Item::numericId));
        return items;
    }

    /** Exactly the component shares (largest remainder), in a random creation order. */
    private static Component[] componentMix(int count, Rng rng) {
        Component[] all = Component.values();
        int[] counts = new int[all.length];
        double[] remainders = new double[all.length];
        int assigned = 0;
        for (int c = 0; c < all.length; c++) {
            double exact = all[c].share() * count;
            counts[c] = (int) exact;
            remainders[c] = exact - counts[c];
            assigned += counts[c];
        }
        for (; assigned < count; assigned++) {
            int best = 0;
            for (int c = 1; c < all.length; c++) {
                if (remainders[c] > remainders[best]) {
                    best = c;
                }
            }
            counts[best]++;
            remainders[best] = -1;
        }
        int[] order = new int[count];
        int position = 0;
        for (int c = 0; c < all.length; c++) {
            for (int k = 0; k < counts[c]; k++) {
                order[position++] = c;
            }
        }
        rng.shuffle(order);
        return Arrays.stream(order).mapToObj(c -> all[c]).toArray(Component[]::new);
    }

    /** Topics mostly of the item's own group, with noise; courses are tagged less often than Engage resources. */
    private static List<Integer> topics(Component kind, int group, Rng rng, Site site) {
        if (!rng.chance(kind == Component.COURSE ? 0.6 : 0.9)) {
            return List.of();
        }
        List<Integer> topics = new ArrayList<>(3);
        addOnce(topics, rng.chance(0.9) ? site.topicOf(group, rng) : site.anyTopic(rng));
        if (rng.chance(0.35)) {
            addOnce(topics, site.topicOf(group, rng));
        }
        if (rng.chance(0.1)) {
            addOnce(topics, site.anyTopic(rng));
        }
        topics.sort(null);
        return topics;
    }

    private static void addOnce(List<Integer> list, int value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    private static User user(long userId, Rng rng, WeightedSampler groups, WeightedSampler favourites) {
        int primary = groups.draw(rng);
        int secondary = -1;
        if (rng.chance(SECOND_GROUP_CHANCE)) {
            int drawn = groups.draw(rng);
            secondary = drawn == primary ? -1 : drawn;
        }
        double primaryShare = secondary < 0 ? 1.0 : 0.6 + 0.25 * rng.nextDouble();
        double activity = rng.logNormal(ACTIVITY_SIGMA);
        Component favourite = Component.values()[favourites.draw(rng)];
        return new User(userId, primary, secondary, primaryShare, activity, favourite);
    }

    private static WeightedSampler componentShares() {
        Component[] components = Component.values();
        double[] shares = new double[components.length];
        Arrays.setAll(shares, c -> components[c].share());
        return WeightedSampler.ofWeights(shares);
    }

    /** Totara's id sequences, shared by all tenants; deleted records leave the odd gap. */
    private static final class Sequences {
        private final Map<Component.IdSpace, Long> nextItem = new EnumMap<>(Component.IdSpace.class);
        // user 1 is the guest, never exported; the admin, 2, is
        private long nextUser = 2;

        long nextItem(Component.IdSpace space, Rng rng) {
            long id = nextItem.getOrDefault(space, space.first);
            nextItem.put(space, id + step(rng, 0.08));
            return id;
        }

        long nextUser(Rng rng) {
            long id = nextUser;
            nextUser += step(rng, 0.03);
            return id;
        }

        private static long step(Rng rng, double gapChance) {
            return 1 + (rng.chance(gapChance) ? 1 + rng.nextInt(3) : 0);
        }
    }
}
