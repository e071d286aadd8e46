package io.mlservice.totara.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of {@code user_data_{t}.csv} for one user. Interests are topic tag ids; positions, organisations,
 * competencies and badges come in blocks per hidden group (ids below) plus a few generic ones every group shares,
 * so the profile says something about the user's interests without giving them away.
 */
final class UserProfiles {
    static final List<String> HEADER = List.of("user_id", "lang", "city", "country", "interests", "asp_position",
            "positions", "organisations", "competencies_scale", "badges", "description");

    private static final long POSITIONS = 100;
    private static final long ORGANISATIONS = 10;
    private static final long COMPETENCIES = 200;
    private static final long BADGES = 300;
    /** Ids per group block; the generic ids follow the last block. */
    private static final int BLOCK = 5;
    private static final int PER_GROUP = 3;

    private final Site site;

    UserProfiles(Site site) {
        this.site = site;
    }

    /** The row's fields, in {@link #HEADER} order. */
    List<String> row(TenantPlan.User user, Vocabulary.Country home, Rng rng) {
        String lang = rng.chance(0.82) ? "en" : null;
        Vocabulary.Country country = rng.chance(0.65) ? home : rng.pick(Vocabulary.COUNTRIES);
        if (lang == null) {
            lang = country.lang();
        }
        if (rng.chance(0.06)) {
            // people who never filled in their profile
            return List.of(Long.toString(user.userId()), lang, "", "", "", "", "", "", "", "", "");
        }
        int main = user.primaryGroup();
        int other = user.secondaryGroup() < 0 ? main : user.secondaryGroup();
        String city = rng.chance(0.08) ? "" : rng.pick(country.cities());
        String interests = interests(user, rng);
        // an aspiration points at the user's other interest when there is one
        String aspiration = rng.chance(0.3) ? Long.toString(groupId(POSITIONS, other, rng)) : "";
        String positions = ids(POSITIONS, main, oneOrTwo(rng, 0.88, 0.08), 0.88, rng);
        String organisations = ids(ORGANISATIONS, main, oneOrTwo(rng, 0.92, 0.05), 0.85, rng);
        String competencies = competencies(main, rng);
        String badges = ids(BADGES, main, badgeCount(rng), 0.8, rng);
        String description = rng.chance(0.45) ? "" : Texts.description(rng, rng.chance(0.8) ? main : other);
        return List.of(Long.toString(user.userId()), lang, city, country.code(), interests, aspiration, positions,
                organisations, competencies, badges, description);
    }

    /** The group whose block holds an organisation id, or -1 for a generic or unknown one. */
    static int groupOfOrganisation(long organisationId) {
        long offset = organisationId - ORGANISATIONS;
        int group = (int) (offset / BLOCK);
        boolean inBlock = offset >= 0 && offset % BLOCK < PER_GROUP && group < Vocabulary.GROUPS.size();
        return inBlock ? group : -1;
    }

    private String interests(TenantPlan.User user, Rng rng) {
        List<Long> tags = new ArrayList<>();
        for (int n = rng.nextInt(4); n > 0; n--) {
            double r = rng.nextDouble();
            int topic;
            if (r < 0.75) {
                topic = site.topicOf(user.primaryGroup(), rng);
            } else if (r < 0.9 && user.secondaryGroup() >= 0) {
                topic = site.topicOf(user.secondaryGroup(), rng);
            } else {
                topic = site.anyTopic(rng);
            }
            addOnce(tags, site.topics().get(topic).tagId());
        }
        return joined(tags);
    }

    private static String ids(long base, int group, int count, double ownGroupChance, Rng rng) {
        List<Long> ids = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            addOnce(ids, rng.chance(ownGroupChance) ? groupId(base, group, rng) : genericId(base, rng));
        }
        return joined(ids);
    }

    private static String competencies(int group, Rng rng) {
        List<Long> ids = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        for (int n = rng.nextInt(5); n > 0; n--) {
            long id = rng.chance(0.8) ? groupId(COMPETENCIES, group, rng) : genericId(COMPETENCIES, rng);
            if (!ids.contains(id)) {
                ids.add(id);
                pairs.add(id + ":" + (1 + rng.nextInt(4)));
            }
        }
        return String.join("|", pairs);
    }

    /** None, one, or (with {@code twoChance} of the rest) two. */
    private static int oneOrTwo(Rng rng, double anyChance, double twoChance) {
        if (!rng.chance(anyChance)) {
            return 0;
        }
        return rng.chance(twoChance) ? 2 : 1;
    }

    private static int badgeCount(Rng rng) {
        int count = 0;
        while (count < 4 && rng.chance(0.45)) {
            count++;
        }
        return count;
    }

    private static long groupId(long base, int group, Rng rng) {
        return base + (long) group * BLOCK + rng.nextInt(PER_GROUP);
    }

    private static long genericId(long base, Rng rng) {
        return base + (long) Vocabulary.GROUPS.size() * BLOCK + rng.nextInt(PER_GROUP);
    }

    private static void addOnce(List<Long> list, long value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    private static String joined(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining("|"));
    }
}
