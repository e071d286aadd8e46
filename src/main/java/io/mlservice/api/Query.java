package io.mlservice.api;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** A request's query-string parameters, read the way the API's routes need them. */
final class Query {
    /** Longest text of a bad value repeated in an error message or a log line. */
    private static final int QUOTED_LENGTH = 40;
    /** More digits than this exceed any cap; no need to parse them. */
    private static final int MAX_COUNT_DIGITS = 9;

    private final Fields fields;

    private Query(Fields fields) {
        this.fields = fields;
    }

    static Query of(Request request) {
        try {
            return new Query(Request.extractQueryParameters(request));
        } catch (RuntimeException e) {
            throw new BadParameterException("Malformed query string");
        }
    }

    /** The parameter's value, trimmed; missing or blank is a bad request. */
    String required(String name) {
        String value = fields.getValue(name);
        if (value == null || value.isBlank()) {
            throw new BadParameterException("Missing parameter: " + name);
        }
        return value.trim();
    }

    /**
     * A count such as {@code n_items}: {@code absent} when the parameter is not sent, at most {@code cap}; anything
     * but a whole number of at least 1 is a bad request.
     */
    int count(String name, int absent, int cap) {
        String value = fields.getValue(name);
        if (value == null) {
            return Math.min(absent, cap);
        }
        String text = value.trim();
        if (text.isEmpty() || !allDigits(text)) {
            throw new BadParameterException("Invalid parameter: " + name + " must be a whole number of at least 1, not '"
                    + printable(value) + "'");
        }
        // leading zeros say nothing: 0000000000 is 0, not a number too long to read
        String digits = text.replaceFirst("^0+(?=.)", "");
        if (digits.length() > MAX_COUNT_DIGITS) {
            return cap;
        }
        int n = Integer.parseInt(digits);
        if (n < 1) {
            throw new BadParameterException("Invalid parameter: " + name + " must be at least 1, not " + n);
        }
        return Math.min(n, cap);
    }

    /**
     * A caller's text made safe for one log line or message: length bounded, and every character that could make
     * the line read differently from what it holds replaced by {@code ?}: control characters, line and paragraph
     * separators, and invisible format characters such as right-to-left overrides and zero-width spaces.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), QUOTED_LENGTH + 3));
        for (int i = 0; i < text.length() && i < QUOTED_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(misleading(c) ? '?' : c);
        }
        if (text.length() > QUOTED_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }

    private static boolean misleading(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
