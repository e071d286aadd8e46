package io.mlservice.totara.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** Writes a seeded, Totara-shaped export (tenants, users, items, interactions) with hidden interest groups. */
public final class DemoExportGenerator {
    private static final String TENANTS_FILE = "tenants.csv";

    private final Spec spec;
    private final Site site;

    public DemoExportGenerator(Spec spec) {
        this.spec = spec;
        this.site = new Site(spec.seed());
    }

    /** Site-wide sizes, split evenly between the tenants (each with ids of its own), and the seed. */
    public record Spec(int users, int items, int interactions, int tenants, long seed) {
        public static final long DEFAULT_SEED = 42;

        public Spec {
            if (tenants < 1) {
                throw new IllegalArgumentException("tenants must be at least 1, not " + tenants);
            }
            if (users < tenants || items < tenants) {
                throw new IllegalArgumentException("every tenant needs a user and an item: " + users + " users, "
                        + items + " items, " + tenants + " tenants");
            }
            if (interactions < 0) {
                throw new IllegalArgumentException("interactions must not be negative: " + interactions);
            }
        }

        /** 60 users, 40 items, 600 interactions: for a glance at the files. */
        public static Spec toy() {
            return new Spec(60, 40, 600, 1, DEFAULT_SEED);
        }

        /** 1,000 users, 500 items, 10,000 interactions. */
        public static Spec small() {
            return new Spec(1_000, 500, 10_000, 1, DEFAULT_SEED);
        }

        /** 5,000 users, 2,000 items, 100,000 interactions. */
        public static Spec medium() {
            return new Spec(5_000, 2_000, 100_000, 1, DEFAULT_SEED);
        }

        /** 50,000 users, 20,000 items, 1,000,000 interactions. */
        public static Spec large() {
            return new Spec(50_000, 20_000, 1_000_000, 1, DEFAULT_SEED);
        }

        /** 500,000 users, 50,000 items, 10,000,000 interactions: the top of the cost curve. */
        public static Spec huge() {
            return new Spec(500_000, 50_000, 10_000_000, 1, DEFAULT_SEED);
        }

        public Spec withSeed(long newSeed) {
            return new Spec(users, items, interactions, tenants, newSeed);
        }

        public Spec withTenants(int newTenants) {
            return new Spec(users, items, interactions, newTenants, seed);
        }

        /** {@code 0} for a site without tenants, as Totara sends it; else {@code 1..tenants}. */
        public List<String> tenantIds() {
            if (tenants == 1) {
                return List.of("0");
            }
            return IntStream.rangeClosed(1, tenants).mapToObj(Integer::toString).toList();
        }
    }

    /** What {@link #write} wrote: data rows (header excluded) per file name, in writing order. */
    public record Statistics(Path folder, Spec spec, int topics, Map<String, Long> rowsPerFile,
                             long repeatedInteractions, long positiveInteractions) {

        public Statistics {
            rowsPerFile = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerFile));
        }

        public long users() {
            return rowsStartingWith("user_data_");
        }

        public long items() {
            return rowsStartingWith("item_data_");
        }

        public long interactions() {
            return rowsStartingWith("user_interactions_");
        }

        /** One paragraph for people. */
        public String summary() {
            List<String> tenants = spec.tenantIds();
            long n = Math.max(1, interactions());
            return String.format(Locale.ROOT,
                    "Wrote a demo Totara export to %s: %d tenant%s (%s), %,d users, %,d items with %d topic columns, "
                            + "%,d interactions (%.1f%% rated 1, %.1f%% repeating an earlier user-item pair) "
                            + "over the year up to %s, in %d files, from seed %d.",
                    folder, tenants.size(), tenants.size() == 1 ? "" : "s", String.join(", ", tenants), users(),
                    items(), topics, interactions(), 100.0 * positiveInteractions / n,
                    100.0 * repeatedInteractions / n, Instant.ofEpochSecond(InteractionStream.END),
                    rowsPerFile.size(), spec.seed());
        }

        private long rowsStartingWith(String prefix) {
            return rowsPerFile.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    public Spec spec() {
        return spec;
    }

    /** Writes {@code tenants.csv} and each tenant's three files into the folder (created if missing). */
    public Statistics write(Path folder) throws IOException {
        return write(folder, 0.0);
    }

    /**
     * Writes the same site as it stood a while earlier: without the newest {@code withheldShare} of each tenant's
     * interactions (by time) and without the users and items that only those bring; users and items without any
     * interaction stay. The rows written are byte for byte those of the whole export.
     */
    public Statistics write(Path folder, double withheldShare) throws IOException {
        if (!(withheldShare >= 0 && withheldShare < 1)) {
            throw new IllegalArgumentException("the withheld share must be in [0, 1), was " + withheldShare);
        }
        Files.createDirectories(folder);
        Map<String, Long> rows = new LinkedHashMap<>();
        try (FputcsvWriter out = FputcsvWriter.create(folder.resolve(TENANTS_FILE))) {
            out.row(List.of("tenants"));
            for (String tenant : spec.tenantIds()) {
                out.field(tenant).endRow();
            }
            rows.put(TENANTS_FILE, out.rows() - 1);
        }
        long repeats = 0;
        long positives = 0;
        for (TenantPlan tenant : tenants()) {
            String t = tenant.id();
            InteractionStream.Appearances seen = new InteractionStream.Appearances();
            InteractionStream.Counts counts = writeInteractions(tenant, folder.resolve(interactionFile(t)),
                    withheldShare, seen);
            rows.put(itemFile(t), writeItems(tenant, folder.resolve(itemFile(t)), seen));
            rows.put(userFile(t), writeUsers(tenant, folder.resolve(userFile(t)), seen));
            rows.put(interactionFile(t), counts.rows());
            repeats += counts.repeats();
            positives += counts.positives();
        }
        return new Statistics(folder, spec, site.topics().size(), rows, repeats, positives);
    }

    /** The hidden truth behind the files, for tests: same spec, same models. */
    List<TenantPlan> tenants() {
        return TenantPlan.buildAll(spec, site);
    }

    Site site() {
        return site;
    }

    static String itemFile(String tenant) {
        return "item_data_" + tenant + ".csv";
    }

    static String userFile(String tenant) {
        return "user_data_" + tenant + ".csv";
    }

    static String interactionFile(String tenant) {
        return "user_interactions_" + tenant + ".csv";
    }

    private long writeItems(TenantPlan tenant, Path file, InteractionStream.Appearances seen) throws IOException {
        Rng rng = Rng.stream(spec.seed(), tenant.index(), Rng.Purpose.ITEM_TEXT);
        try (FputcsvWriter out = FputcsvWriter.create(file)) {
            out.row(itemHeader());
            int topicCount = site.topics().size();
            for (int i = 0; i < tenant.items().size(); i++) {
                TenantPlan.Item item = tenant.items().get(i);
                // drawn even when left out, so that the items written get the texts of the whole export
                String document = Texts.document(rng, item.component(), item.group());
                if (!seen.keepsItem(i)) {
                    continue;
                }
                out.field(item.itemId());
                for (Component c : Component.values()) {
                    out.field(c == item.component() ? 1 : 0);
                }
                for (int topic = 0; topic < topicCount; topic++) {
                    out.field(item.topics().contains(topic) ? 1 : 0);
                }
                out.field(document);
                out.endRow();
            }
            return out.rows() - 1;
        }
    }

    private List<String> itemHeader() {
        List<String> header = new ArrayList<>();
        header.add("item_id");
        for (Component c : Component.values()) {
            header.add(c.id());
        }
        site.topics().forEach(t -> header.add(t.column()));
        header.add("document");
        return header;
    }

    private long writeUsers(TenantPlan tenant, Path file, InteractionStream.Appearances seen) throws IOException {
        Rng rng = Rng.stream(spec.seed(), tenant.index(), Rng.Purpose.USER_PROFILES);
        UserProfiles profiles = new UserProfiles(site);
        try (FputcsvWriter out = FputcsvWriter.create(file)) {
            out.row(UserProfiles.HEADER);
            for (int u = 0; u < tenant.users().size(); u++) {
                // drawn even when left out, so that the users written get the profiles of the whole export
                List<String> row = profiles.row(tenant.users().get(u), tenant.home(), rng);
                if (seen.keepsUser(u)) {
                    out.row(row);
                }
            }
            return out.rows() - 1;
        }
    }

    private InteractionStream.Counts writeInteractions(TenantPlan tenant, Path file, double withheldShare,
                                                       InteractionStream.Appearances seen) throws IOException {
        Rng rng = Rng.stream(spec.seed(), tenant.index(), Rng.Purpose.INTERACTIONS);
        int count = TenantPlan.share(spec.interactions(), spec.tenants(), tenant.index());
        int keep = count - (int) Math.round(count * withheldShare);
        try (FputcsvWriter out = FputcsvWriter.create(file)) {
            return new InteractionStream(tenant, site.groups(), rng).write(count, keep, out, seen);
        }
    }
}
