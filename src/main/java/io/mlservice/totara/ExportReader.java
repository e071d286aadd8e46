package io.mlservice.totara;

import io.mlservice.format.ByteSize;
import io.mlservice.totara.TenantExport.Interaction;
import io.mlservice.totara.TenantExport.Item;
import io.mlservice.totara.TenantExport.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads Totara's recommender export (tenants.csv and three CSV files per tenant) from a local folder. */
public final class ExportReader {
    private static final Logger LOG = LoggerFactory.getLogger(ExportReader.class);

    /** The components every supported Totara exports a column for; newer versions add more. */
    private static final Set<String> KNOWN_COMPONENTS = Set.of(
            "container_course", "container_workspace", "engage_article", "engage_microlearning", "totara_playlist");

    // Tenant ids become part of file names, so nothing that could point outside the folder is accepted.
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String NO_TENANCY = "0";
    private static final int MAX_QUOTED = 40;

    private final ExportLimits limits;

    /** A reader within the default {@link ExportLimits}. */
    public ExportReader() {
        this(ExportLimits.defaults());
    }

    public ExportReader(ExportLimits limits) {
        this.limits = limits;
    }

    /**
     * The tenant ids of {@code tenants.csv} in file order, or just {@code "0"} when the file is absent: Totara
     * exports none (HTTP 204) when multi-tenancy is off. A header-only file gives no tenants. More tenants than the
     * limit, or files of the listed tenants larger together than the limit, are refused before anything is read.
     */
    public List<String> readTenants(Path folder) throws IOException {
        requireFolder(folder);
        Path file = folder.resolve("tenants.csv");
        List<String> tenants = Files.exists(file) ? tenantsOf(file) : List.of(NO_TENANCY);
        requireWithinSize(folder, tenants);
        return tenants;
    }

    private List<String> tenantsOf(Path file) throws IOException {
        try (CsvTable table = CsvTable.open(file, limits)) {
            int column = table.required("tenants");
            Map<String, Long> lines = new LinkedHashMap<>();
            for (CsvTable.Row row = table.next(); row != null; row = table.next()) {
                String tenant = row.get(column);
                if (!TENANT_ID.matcher(tenant).matches()) {
                    throw row.error(column, quote(tenant) + " is not a tenant id (expected letters, digits, _ or -)");
                }
                Long first = lines.putIfAbsent(tenant, row.line());
                if (first != null) {
                    throw row.error(column, "duplicate tenant " + quote(tenant) + ", first on line " + first);
                }
                if (lines.size() > limits.maxTenants()) {
                    throw row.error(column, "more than " + limits.maxTenants() + " tenants, the limit"
                            + " (ML_MAX_TENANTS)");
                }
            }
            return List.copyOf(lines.keySet());
        }
    }

    private void requireWithinSize(Path folder, List<String> tenants) throws IOException {
        long total = 0;
        for (String tenant : tenants) {
            for (String name : tenantFiles(tenant)) {
                Path file = folder.resolve(name);
                total += Files.isRegularFile(file) ? Files.size(file) : 0;
            }
        }
        if (total > limits.maxExportBytes()) {
            throw new ExportFormatException("tenants.csv", 0, null, "the export's files of " + tenants.size()
                    + " tenant(s) hold " + ByteSize.text(total) + ", more than the limit of "
                    + ByteSize.text(limits.maxExportBytes()) + " (ML_MAX_EXPORT_MB)");
        }
    }

    /** The files Totara exports for a tenant. */
    static List<String> tenantFiles(String tenant) {
        return List.of("user_data_" + tenant + ".csv", "item_data_" + tenant + ".csv",
                "user_interactions_" + tenant + ".csv");
    }

    /**
     * Reads and checks one tenant's user, item and interaction files. Corrupt data fails with
     * {@link ExportFormatException}; rows that are safe to leave out are counted in {@link TenantExport#skipped()}.
     */
    public TenantExport readTenant(Path folder, String tenant) throws IOException {
        if (!TENANT_ID.matcher(tenant).matches()) {
            throw new IllegalArgumentException("not a tenant id: " + quote(tenant));
        }
        requireFolder(folder);
        Path userFile = existing(folder, "user_data_" + tenant + ".csv");
        Path itemFile = existing(folder, "item_data_" + tenant + ".csv");
        Path interactionFile = existing(folder, "user_interactions_" + tenant + ".csv");
        List<String> skipped = new ArrayList<>();
        Map<String, User> users = readUsers(userFile);
        ItemTable items = readItems(itemFile, skipped);
        List<Interaction> interactions = readInteractions(interactionFile, userFile, itemFile, users, items, skipped);
        LOG.info("Read tenant {}: {} users, {} items, {} topics, {} interactions, {} skip reports",
                tenant, users.size(), items.items().size(), items.topicNames().size(), interactions.size(),
                skipped.size());
        return new TenantExport(tenant, new ArrayList<>(users.values()), items.items(), interactions,
                items.topicNames(), skipped);
    }

    private Map<String, User> readUsers(Path file) throws IOException {
        try (CsvTable table = CsvTable.open(file, limits)) {
            UserColumns columns = UserColumns.of(table);
            int expected = table.estimatedRows(24);
            Map<String, User> users = new LinkedHashMap<>(capacity(expected));
            Map<String, Long> lines = new HashMap<>(capacity(expected));
            for (CsvTable.Row row = table.next(); row != null; row = table.next()) {
                String id = requireId(row, columns.id());
                Long first = lines.putIfAbsent(id, row.line());
                if (first != null) {
                    throw duplicate(row, columns.id(), id, first);
                }
                users.put(id, columns.user(row, id));
            }
            return users;
        }
    }

    private ItemTable readItems(Path file, List<String> skipped) throws IOException {
        try (CsvTable table = CsvTable.open(file, limits)) {
            int idColumn = table.required("item_id");
            int documentColumn = table.required("document");
            int[] flagColumns = flagColumns(table.header().size(), idColumn, documentColumn);
            Map<String, PendingItem> rows = new LinkedHashMap<>(capacity(table.estimatedRows(64)));
            for (CsvTable.Row row = table.next(); row != null; row = table.next()) {
                String id = requireId(row, idColumn);
                PendingItem previous = rows.get(id);
                if (previous != null) {
                    throw duplicate(row, idColumn, id, previous.line());
                }
                rows.put(id, new PendingItem(id, row.line(), setFlags(row, flagColumns), row.get(documentColumn)));
            }
            Skips skips = new Skips(table.file(), "item", "skipped");
            ItemTable items = ItemTable.resolve(table.header(), flagColumns, rows.values(), skips);
            skips.reportTo(skipped);
            return items;
        }
    }

    private List<Interaction> readInteractions(
            Path file, Path userFile, Path itemFile, Map<String, User> users, ItemTable items, List<String> skipped)
            throws IOException {
        try (CsvTable table = CsvTable.open(file, limits)) {
            int userColumn = table.required("user_id");
            int itemColumn = table.required("item_id");
            int ratingColumn = table.required("rating");
            int timestampColumn = table.required("timestamp");
            List<Interaction> interactions = new ArrayList<>(table.estimatedRows(32));
            Skips drops = new Skips(table.file(), "interaction", "dropped");
            for (CsvTable.Row row = table.next(); row != null; row = table.next()) {
                String userId = requireId(row, userColumn);
                String itemId = requireId(row, itemColumn);
                int rating = rating(row, ratingColumn);
                long timestamp = timestamp(row, timestampColumn);
                User user = users.get(userId);
                Item item = items.byId().get(itemId);
                if (user == null) {
                    drops.add("user not in " + userFile.getFileName(), row.line());
                } else if (item == null) {
                    String why = items.skippedIds().contains(itemId) ? "item skipped in " : "item not in ";
                    drops.add(why + itemFile.getFileName(), row.line());
                } else {
                    // the ids of the user and item rows, so a million interactions share a few thousand strings
                    interactions.add(new Interaction(user.userId(), item.itemId(), rating, timestamp, row.line()));
                }
            }
            drops.reportTo(skipped);
            return interactions;
        }
    }

    private static int[] flagColumns(int columnCount, int idColumn, int documentColumn) {
        int[] flags = new int[columnCount];
        int n = 0;
        for (int c = 0; c < columnCount; c++) {
            if (c != idColumn && c != documentColumn) {
                flags[n++] = c;
            }
        }
        return Arrays.copyOf(flags, n);
    }

    /** The indexes of the 0/1 columns set to 1 in this row. */
    private static int[] setFlags(CsvTable.Row row, int[] flagColumns) throws ExportFormatException {
        int[] set = new int[flagColumns.length];
        int n = 0;
        for (int column : flagColumns) {
            String value = row.get(column);
            if (value.equals("1")) {
                set[n++] = column;
            } else if (!value.equals("0")) {
                throw row.error(column, quote(value) + " is not 0 or 1");
            }
        }
        return Arrays.copyOf(set, n);
    }

    private static int rating(CsvTable.Row row, int column) throws ExportFormatException {
        String value = row.get(column);
        int rating;
        try {
            rating = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw row.error(column, quote(value) + " is not a number (expected 0 or 1)");
        }
        if (rating != 0 && rating != 1) {
            throw row.error(column, quote(value) + " is out of range (expected 0 or 1)");
        }
        return rating;
    }

    private static long timestamp(CsvTable.Row row, int column) throws ExportFormatException {
        String value = row.get(column);
        long timestamp;
        try {
            timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw row.error(column, quote(value) + " is not a number (expected unix seconds)");
        }
        if (timestamp < 0) {
            throw row.error(column, quote(value) + " is negative (expected unix seconds)");
        }
        return timestamp;
    }

    private static String requireId(CsvTable.Row row, int column) throws ExportFormatException {
        String id = row.get(column);
        if (id.isEmpty()) {
            throw row.error(column, "empty id");
        }
        return id;
    }

    private static ExportFormatException duplicate(CsvTable.Row row, int column, String id, long firstLine) {
        return row.error(column, "duplicate id " + quote(id) + ", first on line " + firstLine);
    }

    private static void requireFolder(Path folder) throws NoSuchFileException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "export folder not found");
        }
    }

    private static Path existing(Path folder, String name) throws ExportFormatException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ExportFormatException(name, 0, null, "missing from the export folder " + folder);
        }
        return file;
    }

    private static String quote(String value) {
        String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "..." : value;
        return '"' + shown + '"';
    }

    private static int capacity(int expected) {
        return (int) (expected / 0.75f) + 1;
    }

    /** The columns of {@code user_data}; those the Totara 13/14 form lacks are -1 and read as "". */
    private record UserColumns(int id, int lang, int city, int country, int interests, int aspPosition,
            int positions, int organisations, int competencies, int badges, int description) {

        static UserColumns of(CsvTable table) throws ExportFormatException {
            return new UserColumns(table.required("user_id"), table.required("lang"), table.optional("city"),
                    table.optional("country"), table.optional("interests"), table.optional("asp_position"),
                    table.optional("positions"), table.optional("organisations"),
                    table.optional("competencies_scale"), table.optional("badges"), table.optional("description"));
        }

        User user(CsvTable.Row row, String id) throws ExportFormatException {
            return new User(id, row.get(lang), row.get(city), row.get(country), idList(row.get(interests)),
                    idList(row.get(aspPosition)), idList(row.get(positions)), idList(row.get(organisations)),
                    competencyScales(row, competencies), idList(row.get(badges)), row.get(description));
        }
    }

    /** The ids of a {@code |}-joined list; empty parts (and so the empty string) give none. */
    static List<String> idList(String joined) {
        if (joined.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(4);
        int start = 0;
        while (start <= joined.length()) {
            int end = joined.indexOf('|', start);
            if (end < 0) {
                end = joined.length();
            }
            if (end > start) {
                ids.add(joined.substring(start, end));
            }
            start = end + 1;
        }
        return ids;
    }

    private static Map<String, Double> competencyScales(CsvTable.Row row, int column) throws ExportFormatException {
        List<String> pairs = idList(row.get(column));
        Map<String, Double> scales = new HashMap<>(capacity(pairs.size()));
        for (String pair : pairs) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0) {
                throw row.error(column, quote(pair) + " is not a competencyId:scaleValue pair");
            }
            double value;
            try {
                value = Double.parseDouble(pair.substring(colon + 1));
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!Double.isFinite(value)) {
                throw row.error(column, quote(pair) + ": the scale value is not a number");
            }
            scales.put(pair.substring(0, colon), value);
        }
        return scales;
    }

    /** An item row whose component is known only once all item ids have been seen. */
    private record PendingItem(String id, long line, int[] setFlags, String document) {

        /** The component part of the id ({@code engage_article} of {@code engage_article12}), or "" if none. */
        String prefix() {
            int end = id.length();
            while (end > 0 && id.charAt(end - 1) >= '0' && id.charAt(end - 1) <= '9') {
                end--;
            }
            return end == id.length() ? "" : id.substring(0, end);
        }
    }

    /** The usable items, the topic columns, and which item ids were skipped. */
    private record ItemTable(List<Item> items, List<String> topicNames, Map<String, Item> byId,
            Set<String> skippedIds) {

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
            Map<String, Item> byId = new HashMap<>(capacity(rows.size()));
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
}
