package io.mlservice.data.text;

import java.text.Normalizer;
import java.util.function.Consumer;

/**
 * Folds text to lower-case ASCII and cuts it into words of two or more letters.
 * Shared by {@link TextCleaner} and {@link StopWords} so that stop words and tokens are folded alike.
 */
final class AsciiWords {
    /** scikit-learn's default token pattern keeps runs of two or more word characters. */
    static final int MIN_LENGTH = 2;

    private AsciiWords() {
    }

    /** Passes each word of {@code text} to {@code sink}, in order. */
    static void split(String text, Consumer<String> sink) {
        String folded = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c >= 'a' && c <= 'z') {
                word.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                word.append((char) (c + ('a' - 'A')));
            } else if (c < 128 || !vanishesInsideWord(c)) {
                flush(word, sink);
            }
        }
        flush(word, sink);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /**
     * Accents left over by NFKD, invisible format characters (soft hyphen) and letters with no ASCII form are
     * removed in place, as the original's ASCII encoding with errors ignored does, so "café" stays one word.
     * Other non-ASCII characters (dashes, curly quotes, symbols) separate words like ASCII punctuation does.
     */
    private static boolean vanishesInsideWord(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.FORMAT || Character.isLetter(c);
    }

    private static void flush(StringBuilder word, Consumer<String> sink) {
        if (word.length() >= MIN_LENGTH) {
            sink.accept(word.toString());
        }
        word.setLength(0);
    }
}
