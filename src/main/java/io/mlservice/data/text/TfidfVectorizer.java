package io.mlservice.data.text;

import io.mlservice.data.FeatureMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** TF-IDF as scikit-learn's TfidfVectorizer with the original's settings, over {@link TextCleaner} tokens. */
public final class TfidfVectorizer {
    private final TextCleaner cleaner;
    private final List<String> vocabulary;
    private final Map<String, Integer> columnOf;
    private final double[] idf;

    private TfidfVectorizer(TextCleaner cleaner, List<String> vocabulary, double[] idf) {
        this.cleaner = cleaner;
        this.vocabulary = List.copyOf(vocabulary);
        this.idf = idf;
        this.columnOf = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            columnOf.put(vocabulary.get(i), i);
        }
    }

    /** A builder with the defaults: all-language {@link TextCleaner}, no document-frequency floor, no cap. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Learns the vocabulary (all terms, alphabetically) and the smooth idf {@code ln((1 + n) / (1 + df)) + 1}.
     * Unlike scikit-learn, an empty vocabulary is allowed: it gives matrices without columns.
     */
    public static TfidfVectorizer fit(List<String> documents, TextCleaner cleaner) {
        return builder().cleaner(cleaner).fit(documents);
    }

    /** Fits on {@code documents} and returns their TF-IDF rows, tokenising each document once. */
    public static FeatureMatrix fitTransform(List<String> documents, TextCleaner cleaner, String featurePrefix) {
        return builder().cleaner(cleaner).fitTransform(documents, featurePrefix);
    }

    /** The terms, alphabetically; column i of {@link #transform} is term i. */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** The idf of a vocabulary term. */
    public double idf(String term) {
        Integer column = columnOf.get(term);
        if (column == null) {
            throw new IllegalArgumentException("not in the vocabulary: " + term);
        }
        return idf[column];
    }

    /**
     * One row per document: raw term counts times idf, L2-normalised. Terms outside the vocabulary are ignored;
     * a document without vocabulary terms gives an empty row. Features are named {@code featurePrefix + term}.
     */
    public FeatureMatrix transform(List<String> documents, String featurePrefix) {
        return transformTokens(tokenise(cleaner, documents), featurePrefix);
    }

    private FeatureMatrix transformTokens(List<List<String>> documents, String featurePrefix) {
        int rows = documents.size();
        int[] rowStart = new int[rows + 1];
        List<Row> built = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Row row = weigh(documents.get(r));
            built.add(row);
            rowStart[r + 1] = rowStart[r] + row.columns.length;
        }
        int[] columns = new int[rowStart[rows]];
        float[] values = new float[rowStart[rows]];
        for (int r = 0; r < rows; r++) {
            Row row = built.get(r);
            System.arraycopy(row.columns, 0, columns, rowStart[r], row.columns.length);
            System.arraycopy(row.values, 0, values, rowStart[r], row.values.length);
        }
        return new FeatureMatrix(rows, featureNames(featurePrefix), rowStart, columns, values);
    }

    /** Counts by sorting the token columns, so that a row needs no map and comes out in column order. */
    private Row weigh(List<String> tokens) {
        int[] hits = new int[tokens.size()];
        int n = 0;
        for (String token : tokens) {
            Integer column = columnOf.get(token);
            if (column != null) {
                hits[n++] = column;
            }
        }
        Arrays.sort(hits, 0, n);
        int[] columns = new int[n];
        double[] weights = new double[n];
        int distinct = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && hits[j] == hits[i]) {
                j++;
            }
            columns[distinct] = hits[i];
            weights[distinct++] = (j - i) * idf[hits[i]];
            i = j;
        }
        return Row.normalised(Arrays.copyOf(columns, distinct), weights, distinct);
    }

    private List<String> featureNames(String featurePrefix) {
        List<String> names = new ArrayList<>(vocabulary.size());
        for (String term : vocabulary) {
            names.add(featurePrefix + term);
        }
        return names;
    }

    private static List<List<String>> tokenise(TextCleaner cleaner, List<String> documents) {
        List<List<String>> tokens = new ArrayList<>(documents.size());
        for (String document : documents) {
            tokens.add(cleaner.tokens(document));
        }
        return tokens;
    }

    private record Row(int[] columns, float[] values) {
        static Row normalised(int[] columns, double[] weights, int size) {
            double sumOfSquares = 0;
            for (int i = 0; i < size; i++) {
                sumOfSquares += weights[i] * weights[i];
            }
            double norm = Math.sqrt(sumOfSquares);
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = (float) (weights[i] / norm);
            }
            return new Row(columns, values);
        }
    }

    /** Per-term statistics gathered while fitting. */
    private static final class TermStats {
        int documentFrequency;
        long count;
        int lastDocument = -1;
    }

    /** Fitting options; scikit-learn's {@code min_df} (as a count) and {@code max_features}. */
    public static final class Builder {
        private TextCleaner cleaner;
        private int minDocumentFrequency = 1;
        private int maxFeatures = Integer.MAX_VALUE;

        private Builder() {
        }

        public Builder cleaner(TextCleaner cleaner) {
            this.cleaner = Objects.requireNonNull(cleaner);
            return this;
        }

        /** Drops terms found in fewer documents than this; 1 (the default) keeps all. */
        public Builder minDocumentFrequency(int documents) {
            if (documents < 1) {
                throw new IllegalArgumentException("minimum document frequency must be at least 1: " + documents);
            }
            this.minDocumentFrequency = documents;
            return this;
        }

        /** Keeps only the terms most frequent over all documents, ties broken alphabetically, as scikit-learn does. */
        public Builder maxFeatures(int features) {
            if (features < 0) {
                throw new IllegalArgumentException("maximum feature count must not be negative: " + features);
            }
            this.maxFeatures = features;
            return this;
        }

        public TfidfVectorizer fit(List<String> documents) {
            TextCleaner used = cleanerOrDefault();
            return fitTokens(used, tokenise(used, documents));
        }

        public FeatureMatrix fitTransform(List<String> documents, String featurePrefix) {
            TextCleaner used = cleanerOrDefault();
            List<List<String>> tokens = tokenise(used, documents);
            return fitTokens(used, tokens).transformTokens(tokens, featurePrefix);
        }

        private TextCleaner cleanerOrDefault() {
            return cleaner != null ? cleaner : new TextCleaner();
        }

        private TfidfVectorizer fitTokens(TextCleaner used, List<List<String>> documents) {
            Map<String, TermStats> stats = countTerms(documents);
            List<String> vocabulary = selectTerms(stats);
            double[] idf = new double[vocabulary.size()];
            int n = documents.size();
            for (int i = 0; i < idf.length; i++) {
                idf[i] = Math.log((1.0 + n) / (1.0 + stats.get(vocabulary.get(i)).documentFrequency)) + 1.0;
            }
            return new TfidfVectorizer(used, vocabulary, idf);
        }

        private static Map<String, TermStats> countTerms(List<List<String>> documents) {
            Map<String, TermStats> stats = new HashMap<>();
            for (int d = 0; d < documents.size(); d++) {
                for (String token : documents.get(d)) {
                    TermStats term = stats.computeIfAbsent(token, t -> new TermStats());
                    term.count++;
                    if (term.lastDocument != d) {
                        term.lastDocument = d;
                        term.documentFrequency++;
                    }
                }
            }
            return stats;
        }

        private List<String> selectTerms(Map<String, TermStats> stats) {
            List<String> terms = new ArrayList<>();
            stats.forEach((term, s) -> {
                if (s.documentFrequency >= minDocumentFrequency) {
                    terms.add(term);
                }
            });
            terms.sort(Comparator.naturalOrder());
            if (terms.size() <= maxFeatures) {
                return terms;
            }
            List<String> kept = new ArrayList<>(terms);
            kept.sort(Comparator.comparingLong((String t) -> stats.get(t).count).reversed());
            kept = new ArrayList<>(kept.subList(0, maxFeatures));
            kept.sort(Comparator.naturalOrder());
            return kept;
        }
    }
}
