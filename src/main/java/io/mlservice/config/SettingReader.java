package io.mlservice.config;

import io.mlservice.config.ConfigException.Problem;
import io.mlservice.config.ResolvedSetting.Origin;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of resolved settings and records one problem line for each bad value, so that every
 * problem is reported at once. A parser says what it expects through its {@link IllegalArgumentException}'s
 * message; the line gets the name, the value (never a secret's) and where the value came from in front of it.
 */
final class SettingReader {
    private static final Pattern TIME_OF_DAY = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");
    private static final Set<String> ON = Set.of("1", "true", "on", "yes");
    private static final Set<String> OFF = Set.of("0", "false", "off", "no");
    private static final String NOT_WEB_ROOT = "is not an absolute http or https URL with a host,"
            + " e.g. https://lms.example.org or https://lms.example.org/totara";

    private final Map<Setting, ResolvedSetting> settings = new EnumMap<>(Setting.class);
    private final Function<Origin, String> where;
    private final List<Problem> problems;

    /**
     * @param where    how a message names an origin; a null answer leaves the origin out
     * @param problems where problems are added
     */
    SettingReader(List<ResolvedSetting> resolved, Function<Origin, String> where, List<Problem> problems) {
        resolved.forEach(r -> settings.put(r.setting(), r));
        this.where = where;
        this.problems = problems;
    }

    /** The trimmed text, or null when unset. */
    String text(Setting s) {
        ResolvedSetting r = settings.get(s);
        return r == null || !r.isSet() ? null : r.value();
    }

    /** The value as the catalogue reads it, or null when unset or bad (a bad value adds a problem). */
    Object read(Setting s) {
        String t = text(s);
        if (t == null) {
            return null;
        }
        try {
            return s.read(t);
        } catch (IllegalArgumentException e) {
            problem(s, describe(s) + " " + e.getMessage());
            return null;
        }
    }

    /** {@code NAME=value (origin)}, or {@code NAME (origin)} for a secret. */
    String describe(Setting s) {
        ResolvedSetting r = settings.get(s);
        String value = r == null ? "" : r.value();
        String head = s.secret() ? s.variable() : s.variable() + "=" + s.shown(value);
        String origin = r == null ? null : where.apply(r.origin());
        return origin == null ? head : head + " (" + origin + ")";
    }

    void problem(Setting s, String text) {
        problems.add(new Problem(s.variable(), text));
    }

    /** How many problems have been found so far (by every check, not only this reader's). */
    int problemCount() {
        return problems.size();
    }

    static Function<String, Integer> wholeNumber(int min, int max, String unit) {
        String expected = "is not a whole number" + (unit == null ? "" : " of " + unit) + " between " + min
                + " and " + max;
        return t -> {
            if (!t.matches("[+]?\\d{1,9}")) {
                throw new IllegalArgumentException(expected);
            }
            int n = Integer.parseInt(t);
            if (n < min || n > max) {
                throw new IllegalArgumentException(expected);
            }
            return n;
        };
    }

    static Path path(String t) {
        try {
            return Path.of(t);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path: " + e.getReason(), e);
        }
    }

    static Path existingFile(String t) {
        Path p = path(t);
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException("is a folder, not a file");
        }
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("is not an existing file (" + p.toAbsolutePath() + ")");
        }
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("cannot be read: Permission denied");
        }
        return p;
    }

    /** Totara's web root without trailing slashes: the export and status paths are appended to it. */
    static URI webRoot(String t) {
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(NOT_WEB_ROOT, e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || uri.isOpaque()
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException(NOT_WEB_ROOT);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold a user name or password: the service signs its"
                    + " requests with ML_TOTARA_KEY");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(uri.getRawAuthority() == null ? NOT_WEB_ROOT
                    : "has a host name that is not valid in a URL (letters, digits, dots and hyphens only)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a ?query or #fragment: it is Totara's web root,"
                    + " e.g. https://lms.example.org");
        }
        String root = t;
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return URI.create(root);
    }

    static LocalTime timeOfDay(String t) {
        Matcher m = TIME_OF_DAY.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a time of day as HH:mm (24-hour clock), e.g. 02:30");
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** One of the choices, compared and kept in lower case. */
    static Function<String, String> oneOf(String... choices) {
        return t -> {
            String lower = t.toLowerCase(Locale.ROOT);
            if (!List.of(choices).contains(lower)) {
                throw new IllegalArgumentException("is not one of " + String.join(", ", choices));
            }
            return lower;
        };
    }

    static boolean onOff(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (ON.contains(lower)) {
            return true;
        }
        if (OFF.contains(lower)) {
            return false;
        }
        throw new IllegalArgumentException("is neither on nor off: use 1, true, on or yes; 0, false, off or no");
    }

    /** The original's switch: {@code 1} (and {@code true}) is on, anything else off. */
    static boolean switchedOn(String t) {
        return t.equals("1") || t.equalsIgnoreCase("true");
    }

    static BindAddress bind(String t) {
        try {
            return BindAddress.read(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a listen address: " + e.getMessage(), e);
        }
    }
}
