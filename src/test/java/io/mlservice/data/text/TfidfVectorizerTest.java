package io.mlservice.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlservice.data.FeatureMatrix;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TfidfVectorizerTest {
    private static final double EPS = 1e-6;
    private final TextCleaner cleaner = new TextCleaner();

    /*
     * n = 4 documents (the empty one counts in n, as in scikit-learn):
     *   d0 "Python python, Java!"   -> python x2, java x1
     *   d1 "java kotlin"            -> java, kotlin
     *   d2 ""                       -> nothing
     *   d3 "Kotlin 2.0 scala"       -> kotlin, scala (digits dropped)
     * df: java 2, kotlin 2, python 1, scala 1
     * idf(df=2) = ln(5/3) + 1 = 1.5108256237659907
     * idf(df=1) = ln(5/2) + 1 = 1.9162907318741551
     * d0: java 1.5108256, python 2 * 1.9162907 = 3.8325815; norm sqrt(1.5108256^2 + 3.8325815^2) = 4.1196207
     *     -> java 0.3667390113, python 0.9303238670
     * d1: java = kotlin = 1.5108256 -> both 1/sqrt(2) = 0.7071067812
     * d3: kotlin 1.5108256, scala 1.9162907; norm 2.4402386 -> kotlin 0.6191302965, scala 0.7852882757
     */
    private static final List<String> DOCUMENTS =
            List.of("Python python, Java!", "java kotlin", "", "Kotlin 2.0 scala");

    @Test
    void matchesHandComputedIdf() {
        TfidfVectorizer tfidf = TfidfVectorizer.fit(DOCUMENTS, cleaner);

        assertThat(tfidf.vocabulary()).containsExactly("java", "kotlin", "python", "scala");
        assertThat(tfidf.idf("java")).isCloseTo(1.5108256237659907, within(EPS));
        assertThat(tfidf.idf("kotlin")).isCloseTo(1.5108256237659907, within(EPS));
        assertThat(tfidf.idf("python")).isCloseTo(1.9162907318741551, within(EPS));
        assertThat(tfidf.idf("scala")).isCloseTo(1.9162907318741551, within(EPS));
    }

    @Test
    void matchesHandComputedWeights() {
        FeatureMatrix m = TfidfVectorizer.fitTransform(DOCUMENTS, cleaner, "word:");

        assertThat(m.rows()).isEqualTo(4);
        assertThat(m.featureNames()).containsExactly("word:java", "word:kotlin", "word:python", "word:scala");
        assertRow(m, 0, 0.3667390113, 0, 0.9303238670, 0);
        assertRow(m, 1, 0.7071067812, 0.7071067812, 0, 0);
        assertRow(m, 2, 0, 0, 0, 0);
        assertRow(m, 3, 0, 0.6191302965, 0, 0.7852882757);
        assertThat(m.nonZeros()).isEqualTo(6);
    }

    @Test
    void fitThenTransformEqualsFitTransform() {
        TfidfVectorizer tfidf = TfidfVectorizer.fit(DOCUMENTS, cleaner);

        assertThat(tfidf.transform(DOCUMENTS, "word:"))
                .isEqualTo(TfidfVectorizer.fitTransform(DOCUMENTS, cleaner, "word:"));
    }

    @Test
    void rowsHaveUnitLengthAndColumnsInOrder() {
        FeatureMatrix m = TfidfVectorizer.fitTransform(List.of(
                "Leadership skills for new managers: coaching, feedback, delegation",
                "Advanced Excel: pivot tables, charts, formulas and macros",
                "Coaching conversations and feedback for managers",
                "Health and safety induction: manual handling, fire safety"), cleaner, "word:");

        for (int r = 0; r < m.rows(); r++) {
            double sumOfSquares = 0;
            for (int p = m.rowStart()[r]; p < m.rowStart()[r + 1]; p++) {
                sumOfSquares += m.values()[p] * m.values()[p];
                if (p > m.rowStart()[r]) {
                    assertThat(m.columns()[p]).isGreaterThan(m.columns()[p - 1]);
                }
            }
            assertThat(sumOfSquares).isCloseTo(1.0, within(EPS));
        }
    }

    @Test
    void emptyAndStopWordOnlyDocumentsGiveEmptyRowsWithoutNaN() {
        FeatureMatrix m = TfidfVectorizer.fitTransform(
                Arrays.asList("", null, "the and of les und los", "  42 !!", "python basics"), cleaner, "word:");

        assertThat(m.rows()).isEqualTo(5);
        for (int r = 0; r < 4; r++) {
            assertThat(m.rowStart()[r + 1] - m.rowStart()[r]).as("row %d", r).isZero();
        }
        assertThat(m.nonZeros()).isEqualTo(2);
        for (float v : m.values()) {
            assertThat(Float.isNaN(v)).isFalse();
        }
    }

    @Test
    void documentsWithoutAnyTermGiveAMatrixWithoutColumns() {
        FeatureMatrix m = TfidfVectorizer.fitTransform(List.of("", "the", "12 34"), cleaner, "word:");

        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.featureCount()).isZero();
        assertThat(m.nonZeros()).isZero();
    }

    @Test
    void transformIgnoresTermsOutsideTheVocabulary() {
        TfidfVectorizer tfidf = TfidfVectorizer.fit(DOCUMENTS, cleaner);

        FeatureMatrix m = tfidf.transform(List.of("haskell python", "haskell"), "word:");

        assertRow(m, 0, 0, 0, 1, 0);
        assertRow(m, 1, 0, 0, 0, 0);
        assertThatThrownBy(() -> tfidf.idf("haskell")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minDocumentFrequencyDropsRareTerms() {
        TfidfVectorizer tfidf = TfidfVectorizer.builder().cleaner(cleaner).minDocumentFrequency(2).fit(DOCUMENTS);

        assertThat(tfidf.vocabulary()).containsExactly("java", "kotlin");
        assertThat(tfidf.idf("java")).as("n still counts every document").isCloseTo(1.5108256237659907, within(EPS));
    }

    @Test
    void maxFeaturesKeepsTheMostFrequentTermsTiesAlphabetically() {
        // total counts: python 2, java 2, kotlin 2, scala 1; the three-way tie at 2 keeps java, kotlin first
        TfidfVectorizer top2 = TfidfVectorizer.builder().cleaner(cleaner).maxFeatures(2).fit(DOCUMENTS);
        TfidfVectorizer top3 = TfidfVectorizer.builder().cleaner(cleaner).maxFeatures(3).fit(DOCUMENTS);

        assertThat(top2.vocabulary()).containsExactly("java", "kotlin");
        assertThat(top3.vocabulary()).containsExactly("java", "kotlin", "python");
    }

    @Test
    void rejectsNonsenseOptions() {
        assertThatThrownBy(() -> TfidfVectorizer.builder().minDocumentFrequency(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TfidfVectorizer.builder().maxFeatures(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderDefaultsToTheAllLanguageCleaner() {
        TfidfVectorizer tfidf = TfidfVectorizer.builder().fit(List.of("the python", "les java"));

        assertThat(tfidf.vocabulary()).containsExactly("java", "python");
    }

    private static void assertRow(FeatureMatrix m, int row, double... expected) {
        for (int c = 0; c < expected.length; c++) {
            assertThat((double) m.get(row, c)).as("row %d column %d", row, c).isCloseTo(expected[c], within(EPS));
        }
    }
}
