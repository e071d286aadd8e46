package io.mlservice.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** The original service's cleaning before TF-IDF, as tokens: folded ASCII words without addresses or stop words. */
public final class TextCleaner {
    private final Predicate<String> stopWord;

    /** Drops the stop words of every language in {@link StopWords}. */
    public TextCleaner() {
        this(StopWords::contains);
    }

    /** Drops the tokens {@code stopWord} accepts; it sees folded, lower-case tokens. */
    public TextCleaner(Predicate<String> stopWord) {
        this.stopWord = Objects.requireNonNull(stopWord);
    }

    /** The tokens of {@code text} joined by single spaces; empty for null or blank text. */
    public String clean(String text) {
        return String.join(" ", tokens(text));
    }

    /** The tokens of {@code text} in order, repeats kept: runs of two or more ASCII letters that are not stop words. */
    public List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return tokens;
        }
        AsciiWords.split(Addresses.strip(text), word -> {
            if (!stopWord.test(word)) {
                tokens.add(word);
            }
        });
        return tokens;
    }
}
