package io.mlservice.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes times, durations, counts and scores: one place, so every page says them alike. */
public final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Formats() {
    }

    /** "14:05" today, "3 Dec 14:05" on another day, in the computer's time zone. */
    public static String dateTime(Instant t, Clock clock) {
        ZoneId zone = ZoneId.systemDefault();
        ZonedDateTime at = t.atZone(zone);
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        return at.toLocalDate().equals(today) ? TIME.format(at) : DAY_TIME.format(at);
    }

    /** "2026-11-27 14:05:09" in the computer's time zone. */
    public static String fullDateTime(Instant t) {
        return FULL.format(t.atZone(ZoneId.systemDefault()));
    }

    /** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86_400) {
            long m = (s % 3600) / 60;
            return (s / 3600) + " h" + (m > 0 ? " " + m + " min" : "");
        }
        long h = (s % 86_400) / 3600;
        return (s / 86_400) + " d" + (h > 0 ? " " + h + " h" : "");
    }

    /** "in 12 min" or "12 min ago". */
    public static String relative(Instant t, Clock clock) {
        Duration d = Duration.between(clock.instant(), t);
        return d.isNegative() ? duration(d.negated()) + " ago" : "in " + duration(d);
    }

    /** "12,345". */
    public static String count(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    /** A score or metric with three decimals: "0.157". */
    public static String metric(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Milliseconds with one decimal below 10: "0.4 ms", "12 ms". */
    public static String millis(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
