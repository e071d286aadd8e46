package io.mlservice.data.text;

/**
 * Blanks out URLs and e-mail addresses in one pass over the text; regular expressions for both cost several
 * times the rest of the cleaning on large exports.
 */
final class Addresses {
    private static final String[] URL_PREFIXES = {"http:", "https:", "www."};

    private Addresses() {
    }

    /**
     * {@code text} with each URL and e-mail address replaced by a space. A URL is, like the original's
     * {@code http\S+}, everything up to the next white space, but it must start a word with "http:", "https:" or
     * "www." so that words such as "httpd" survive. An e-mail address is {@code local@domain.tld}.
     */
    static String strip(String text) {
        StringBuilder out = null;
        int kept = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int start = i;
            int end = -1;
            if (c == 'h' || c == 'H' || c == 'w' || c == 'W') {
                end = urlEnd(text, i);
            } else if (c == '@') {
                start = localPartStart(text, i, kept);
                end = start < i ? domainEnd(text, i) : -1;
            }
            if (end > i) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, kept, start).append(' ');
                kept = end;
                i = end - 1;
            }
        }
        return out == null ? text : out.append(text, kept, n).toString();
    }

    /** The end of the URL starting at {@code i}, or -1 when none starts there. */
    private static int urlEnd(String text, int i) {
        if (i > 0 && isWordChar(text.charAt(i - 1))) {
            return -1;
        }
        for (String prefix : URL_PREFIXES) {
            int after = i + prefix.length();
            if (text.regionMatches(true, i, prefix, 0, prefix.length())
                    && after < text.length() && !Character.isWhitespace(text.charAt(after))) {
                int end = after;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                return end;
            }
        }
        return -1;
    }

    private static int localPartStart(String text, int at, int floor) {
        int start = at;
        while (start > floor && isLocalChar(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    /** The end of a dotted domain after the "@" at {@code at}, or -1 when there is none. */
    private static int domainEnd(String text, int at) {
        int end = at + 1;
        while (end < text.length() && isDomainChar(text.charAt(end))) {
            end++;
        }
        while (end > at + 1 && text.charAt(end - 1) == '.') {
            end--;
        }
        if (end <= at + 1 || text.charAt(at + 1) == '.') {
            return -1;
        }
        for (int p = at + 2; p < end; p++) {
            if (text.charAt(p) == '.') {
                return end;
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || isMark(c);
    }

    private static boolean isLocalChar(char c) {
        return isWordChar(c) || c == '.' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || isMark(c) || c == '-' || c == '.';
    }

    private static boolean isMark(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
