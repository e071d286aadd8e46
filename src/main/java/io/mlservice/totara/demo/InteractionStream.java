package io.mlservice.totara.demo;

import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Streams one tenant's {@code user_interactions_{t}.csv} in time order. Each row picks a user by activity, then an
 * item by popularity within a group the user is drawn to (now and then any group), so the latent groups, the
 * popularity long tail and heavy users all show in the data.
 */
final class InteractionStream {
    static final List<String> HEADER = List.of("user_id", "item_id", "rating", "timestamp");
    /** 2025-01-01T00:00:00Z: a fixed end, since "now" would make the files differ from run to run. */
    static final long END = 1_735_689_600L;
    static final long SPAN = 365L * 24 * 60 * 60;

    /** Share of picks from the whole catalogue, whatever the user's groups. */
    private static final double EXPLORE = 0.12;
    /** Chance to look again when the first pick is not of the user's favourite component. */
    private static final double FAVOURITE_RETRY = 0.3;
    /** Chance that a user goes back to the item of their previous interaction. */
    private static final double REVISIT = 0.03;
    /**
     * Picks to find an item the user has not seen: the first by popularity, then, as a heavy user would, from the
     * long tail of the group, then from anywhere. A user who has seen most of the catalogue may still run out.
     */
    private static final int ATTEMPTS = 16;
    private static final int TAIL_FROM = 8;
    private static final int ANYWHERE_FROM = 12;

    private final TenantPlan tenant;
    private final Rng rng;
    private final WeightedSampler users;
    private final WeightedSampler anyItem;
    private final WeightedSampler[] popularInGroup;
    private final int[][] itemsOfGroup;
    private final String[] itemIds;

    /** Counts of one tenant's rows. */
    record Counts(long rows, long repeats, long positives) {
    }

    private record Pick(int item, boolean repeat) {
    }

    InteractionStream(TenantPlan tenant, int groups, Rng rng) {
        this.tenant = tenant;
        this.rng = rng;
        List<TenantPlan.Item> items = tenant.items();
        double[] activity = new double[tenant.users().size()];
        Arrays.setAll(activity, u -> tenant.users().get(u).activity());
        this.users = WeightedSampler.ofWeights(activity);
        double[] popularity = new double[items.size()];
        Arrays.setAll(popularity, i -> items.get(i).popularity());
        this.anyItem = WeightedSampler.ofWeights(popularity);
        this.itemIds = items.stream().map(TenantPlan.Item::itemId).toArray(String[]::new);
        this.itemsOfGroup = new int[groups][];
        this.popularInGroup = new WeightedSampler[groups];
        for (int g = 0; g < groups; g++) {
            int group = g;
            itemsOfGroup[g] = IntStream.range(0, items.size())
                    .filter(i -> items.get(i).group() == group).toArray();
            int[] members = itemsOfGroup[g];
            double[] weights = new double[members.length];
            Arrays.setAll(weights, m -> popularity[members[m]]);
            popularInGroup[g] = new WeightedSampler(members, weights);
        }
    }

    Counts write(int count, FputcsvWriter out) throws IOException {
        return write(count, count, out, new Appearances());
    }

    /**
     * Streams {@code count} rows' worth of the site's history but writes only the first {@code keep} (the oldest:
     * the rows are in time order); {@code seen} learns which users and items the written and the withheld rows
     * have.
     */
    Counts write(int count, int keep, FputcsvWriter out, Appearances seen) throws IOException {
        out.row(HEADER);
        PairSet pairs = new PairSet(count);
        int[] previous = new int[tenant.users().size()];
        Arrays.fill(previous, -1);
        long repeats = 0;
        long positives = 0;
        for (int i = 0; i < count; i++) {
            // (i + u) / count rises with i, so the timestamps never go backwards
            long timestamp = END - SPAN + (long) ((i + rng.nextDouble()) * SPAN / count);
            int u = users.draw(rng);
            TenantPlan.User user = tenant.users().get(u);
            Pick pick = next(u, user, pairs, previous[u]);
            previous[u] = pick.item();
            int rating = rating(user, tenant.items().get(pick.item()), pick.repeat());
            seen.add(u, pick.item(), i < keep);
            if (i >= keep) {
                continue;
            }
            repeats += pick.repeat() ? 1 : 0;
            positives += rating;
            out.field(user.userId()).field(itemIds[pick.item()]).field(rating).field(timestamp);
            out.endRow();
        }
        return new Counts(keep, repeats, positives);
    }

    /** Which users and items (by their index in the plan) the written rows have, and which only the withheld ones. */
    static final class Appearances {
        private final BitSet usersWritten = new BitSet();
        private final BitSet usersWithheld = new BitSet();
        private final BitSet itemsWritten = new BitSet();
        private final BitSet itemsWithheld = new BitSet();

        void add(int user, int item, boolean written) {
            (written ? usersWritten : usersWithheld).set(user);
            (written ? itemsWritten : itemsWithheld).set(item);
        }

        /** False for a user whom only withheld rows bring: the earlier site did not have them yet. */
        boolean keepsUser(int user) {
            return usersWritten.get(user) || !usersWithheld.get(user);
        }

        boolean keepsItem(int item) {
            return itemsWritten.get(item) || !itemsWithheld.get(item);
        }
    }

    /** A revisit of the previous item now and then, else an item the user has not seen if one turns up. */
    private Pick next(int u, TenantPlan.User user, PairSet seen, int previous) {
        if (previous >= 0 && rng.chance(REVISIT)) {
            return new Pick(previous, true);
        }
        int item = -1;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            item = pick(user, attempt);
            if (seen.add(u, item)) {
                return new Pick(item, false);
            }
        }
        return new Pick(item, true);
    }

    private int pick(TenantPlan.User user, int attempt) {
        int group = attempt < ANYWHERE_FROM ? groupFor(user) : -1;
        if (group < 0 || itemsOfGroup[group].length == 0) {
            return anyItem.draw(rng);
        }
        if (attempt >= TAIL_FROM) {
            return itemsOfGroup[group][rng.nextInt(itemsOfGroup[group].length)];
        }
        int item = popularInGroup[group].draw(rng);
        if (tenant.items().get(item).component() != user.favourite() && rng.chance(FAVOURITE_RETRY)) {
            item = popularInGroup[group].draw(rng);
        }
        return item;
    }

    /** One of the user's groups by their mixture, or -1 for a look at the whole catalogue. */
    private int groupFor(TenantPlan.User user) {
        if (rng.chance(EXPLORE)) {
            return -1;
        }
        boolean primary = user.secondaryGroup() < 0 || rng.chance(user.primaryShare());
        return primary ? user.primaryGroup() : user.secondaryGroup();
    }

    /**
     * Totara's rating: 1 when the user came back to the item or self-enrolled in a course (its only course
     * interaction), else 0; coming back is likelier for items of the user's own interests.
     */
    private int rating(TenantPlan.User user, TenantPlan.Item item, boolean repeat) {
        if (repeat || item.component() == Component.COURSE) {
            return 1;
        }
        return rng.chance(user.likes(item.group()) ? 0.14 : 0.04) ? 1 : 0;
    }
}
