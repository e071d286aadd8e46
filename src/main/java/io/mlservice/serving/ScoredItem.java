package io.mlservice.serving;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One entry of an answer: the item, its row in the tenant model, the score the list was ranked by, and whether
 * the seen-item rule pushed it down.
 */
public record ScoredItem(String itemId, int index, float score, boolean demoted) {

    /** The id Totara expects back: the component prefix removed. */
    public String numericId() {
        return numericId(itemId);
    }

    /** The score as the wire format writes it. */
    public String formattedScore() {
        return formatScore(score);
    }

    /**
     * The trailing digits of an item id: {@code engage_article12} → {@code 12}. Totara's ids are a component name
     * followed by a number; an id without trailing digits comes back unchanged.
     */
    public static String numericId(String itemId) {
        int start = itemId.length();
        while (start > 0 && itemId.charAt(start - 1) >= '0' && itemId.charAt(start - 1) <= '9') {
            start--;
        }
        return start == itemId.length() ? itemId : itemId.substring(start);
    }

    /**
     * Python's {@code f"{v: .4f}"}: a space before non-negative numbers, {@code -} before negative ones (also
     * {@code -0.0} and negatives that round to zero), four decimals rounded half-to-even on the exact binary value.
     */
    public static String formatScore(float v) {
        String sign = Float.floatToRawIntBits(v) < 0 ? "-" : " ";
        if (Float.isNaN(v)) {
            return " nan";
        }
        if (Float.isInfinite(v)) {
            return sign + "inf";
        }
        return sign + new BigDecimal(Math.abs((double) v)).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }
}
