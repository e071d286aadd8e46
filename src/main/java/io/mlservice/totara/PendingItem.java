package io.mlservice.totara;

/** An item row whose component is known only once all item ids have been seen. */
record PendingItem(String id, long line, int[] setFlags, String document) {

    /** The component part of the id ({@code engage_article} of {@code engage_article12}), or "" if none. */
    String prefix() {
        int end = id.length();
        while (end > 0 && id.charAt(end - 1) >= '0' && id.charAt(end - 1) <= '9') {
            end--;
        }
        return end == id.length() ? "" : id.substring(0, end);
    }
}
