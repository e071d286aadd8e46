package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lines up the serving model's parameters with today's feature columns by name: a user, an item, a topic or a word
 * the serving model knows starts from what it learned; a new one starts as a fresh run would. Column positions
 * move from one export to the next (users come and go, the vocabulary changes), names do not.
 */
public final class WarmStart {
    /** Below this share of today's columns known by name, the features are not those the serving model learned. */
    static final double MIN_KNOWN_SHARE = 0.5;
    /** Rows looked at to tell whether a matrix's rows are normalised to sum 1. */
    private static final int ROWS_CHECKED = 1000;

    private final HybridModel model;
    private final int[] userRows;
    private final int[] itemRows;
    private final int knownUserColumns;
    private final int knownItemColumns;
    private final String obstacle;

    private WarmStart(HybridModel model, int[] userRows, int[] itemRows, String obstacle) {
        this.model = model;
        this.userRows = userRows;
        this.itemRows = itemRows;
        this.knownUserColumns = known(userRows);
        this.knownItemColumns = known(itemRows);
        this.obstacle = obstacle;
    }

    /** The serving model's rows for today's user and item feature columns. */
    public static WarmStart of(TenantModel serving, FeatureMatrix users, FeatureMatrix items) {
        int[] userRows = rowsByName(serving.userFeatures().featureNames(), users.featureNames());
        int[] itemRows = rowsByName(serving.itemFeatures().featureNames(), items.featureNames());
        String obstacle = null;
        if (normalised(serving.userFeatures()) != normalised(users)
                || normalised(serving.itemFeatures()) != normalised(items)) {
            obstacle = "the feature rows are normalised differently from the serving model's";
        } else if (known(userRows) < MIN_KNOWN_SHARE * userRows.length
                || known(itemRows) < MIN_KNOWN_SHARE * itemRows.length) {
            obstacle = String.format(Locale.ROOT,
                    "the serving model knows only %.0f%% of today's user features and %.0f%% of the item features",
                    percent(known(userRows), userRows.length), percent(known(itemRows), itemRows.length));
        }
        return new WarmStart(serving.model(), userRows, itemRows, obstacle);
    }

    /** Why the serving model cannot start today's training (the features changed), or empty when it can. */
    public Optional<String> obstacle() {
        return Optional.ofNullable(obstacle);
    }

    /** Puts the serving model's parameters into a run that has not trained yet, row by feature name. */
    void apply(TrainingRun run) {
        run.startFrom(model, userRows, itemRows);
    }

    /** The serving model's row of today's user feature column {@code f}, or -1 for a new feature. */
    int userRow(int f) {
        return userRows[f];
    }

    int itemRow(int f) {
        return itemRows[f];
    }

    /** Today's columns the serving model knows, e.g. for the log: {@code 49,928 of 50,000 user features}. */
    public String describe() {
        return String.format(Locale.ROOT, "%,d of %,d user and %,d of %,d item features known",
                knownUserColumns, userRows.length, knownItemColumns, itemRows.length);
    }

    private static int[] rowsByName(List<String> servingNames, List<String> todayNames) {
        Map<String, Integer> index = new HashMap<>(servingNames.size() * 2);
        for (int r = 0; r < servingNames.size(); r++) {
            index.putIfAbsent(servingNames.get(r), r);
        }
        int[] rows = new int[todayNames.size()];
        for (int f = 0; f < rows.length; f++) {
            rows[f] = index.getOrDefault(todayNames.get(f), -1);
        }
        return rows;
    }

    private static int known(int[] rows) {
        int n = 0;
        for (int r : rows) {
            if (r >= 0) {
                n++;
            }
        }
        return n;
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 100.0 : 100.0 * part / whole;
    }

    /** True when the first non-empty rows each sum to 1 in absolute value, as the assembler's normalised rows do. */
    private static boolean normalised(FeatureMatrix m) {
        int[] start = m.rowStart();
        float[] values = m.values();
        int checked = 0;
        for (int r = 0; r < m.rows() && checked < ROWS_CHECKED; r++) {
            if (start[r] == start[r + 1]) {
                continue;
            }
            double sum = 0;
            for (int p = start[r]; p < start[r + 1]; p++) {
                sum += Math.abs(values[p]);
            }
            if (Math.abs(sum - 1.0) > 1e-3) {
                return false;
            }
            checked++;
        }
        return true;
    }
}
