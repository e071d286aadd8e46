package io.mlservice.totara;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rows of one file left out on purpose, counted per reason with their first few lines for the report. */
final class Skips {
    private static final Logger LOG = LoggerFactory.getLogger(ExportReader.class);
    private static final int SAMPLE_LINES = 10;

    private final String file;
    private final String noun;
    private final String verb;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    /** For example {@code new Skips("user_interactions_0.csv", "interaction", "dropped")}. */
    Skips(String file, String noun, String verb) {
        this.file = file;
        this.noun = noun;
        this.verb = verb;
    }

    void add(String reason, long line) {
        tallies.computeIfAbsent(reason, r -> new Tally()).add(line);
    }

    /** Appends one summary line per reason, in the order the reasons first occurred, and logs it. */
    void reportTo(List<String> out) {
        tallies.forEach((reason, tally) -> {
            String summary = file + ": " + tally.count + " " + noun + (tally.count == 1 ? " " : "s ") + verb + ": "
                    + reason + " (" + tally.lines() + ")";
            LOG.warn("{}", summary);
            out.add(summary);
        });
    }

    private static final class Tally {
        private final long[] sample = new long[SAMPLE_LINES];
        private long count;

        void add(long line) {
            if (count < SAMPLE_LINES) {
                sample[(int) count] = line;
            }
            count++;
        }

        String lines() {
            StringBuilder text = new StringBuilder(count == 1 ? "line " : "lines ");
            int shown = (int) Math.min(count, SAMPLE_LINES);
            for (int i = 0; i < shown; i++) {
                text.append(i == 0 ? "" : ", ").append(sample[i]);
            }
            return count > shown ? text.append(", ...").toString() : text.toString();
        }
    }
}
