package io.mlservice.totara;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cell values of Totara's export and their checks: ids, 0/1 flags, ratings, unix timestamps, {@code |}-joined
 * lists and competency scales; a bad value fails with the file, line and column of its {@link CsvTable.Row}.
 */
final class ExportValues {
    /** Values longer than this are cut in error messages: a whole document says nothing more. */
    private static final int MAX_QUOTED = 40;

    private ExportValues() {
    }

    /** The id in the column; an empty one is an error. */
    static String requireId(CsvTable.Row row, int column) throws ExportFormatException {
        String id = row.get(column);
        if (id.isEmpty()) {
            throw row.error(column, "empty id");
        }
        return id;
    }

    static ExportFormatException duplicate(CsvTable.Row row, int column, String id, long firstLine) {
        return row.error(column, "duplicate id " + quote(id) + ", first on line " + firstLine);
    }

    /** The indexes of the 0/1 columns set to 1 in this row. */
    static int[] setFlags(CsvTable.Row row, int[] flagColumns) throws ExportFormatException {
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

    static int rating(CsvTable.Row row, int column) throws ExportFormatException {
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

    static long timestamp(CsvTable.Row row, int column) throws ExportFormatException {
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

    /** The {@code competencyId:scaleValue} pairs of a {@code |}-joined list, by competency id. */
    static Map<String, Double> competencyScales(CsvTable.Row row, int column) throws ExportFormatException {
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

    /** A value as an error message shows it: in double quotes, cut after 40 characters. */
    static String quote(String value) {
        String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "..." : value;
        return '"' + shown + '"';
    }

    /** The initial capacity of a hash map that holds {@code expected} entries without growing. */
    static int capacity(int expected) {
        return (int) (expected / 0.75f) + 1;
    }
}
