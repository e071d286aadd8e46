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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.mlservice.totara.ExportValues.capacity;
import static io.mlservice.totara.ExportValues.duplicate;
import static io.mlservice.totara.ExportValues.quote;
import static io.mlservice.totara.ExportValues.rating;
import static io.mlservice.totara.ExportValues.requireId;
import static io.mlservice.totara.ExportValues.setFlags;
import static io.mlservice.totara.ExportValues.timestamp;

/**
 * Reads Totara's recommender export (tenants.csv and three CSV files per tenant) from a local folder, file by file:
 * the tenants, then per tenant its users ({@link UserColumns}), its items ({@link ItemTable}) and the interactions
 * between them; the cells are checked by {@link ExportValues}.
 */
public final class ExportReader {
    private static final Logger LOG = LoggerFactory.getLogger(ExportReader.class);

    // Tenant ids become part of file names, so nothing that could point outside the folder is accepted.
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String NO_TENANCY = "0";

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
}
