package io.mlservice.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ScoredItemTest {

    /** Expected values printed by CPython 3 with {@code f"{numpy.float32(v): .4f}"}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.8731    |' 0.8731'",
            "-0.012    |'-0.0120'",
            "0         |' 0.0000'",
            "-0.0      |'-0.0000'",
            "12.34565  |' 12.3456'",
            "0.00005   |' 0.0000'",
            "0.00015   |' 0.0002'",
            "2.00005   |' 2.0001'",
            "0.03125   |' 0.0312'",
            "0.09375   |' 0.0938'",
            "-0.00001  |'-0.0000'",
            "1e10      |' 10000000000.0000'",
            "NaN       |' nan'",
            "Infinity  |' inf'",
            "-Infinity |'-inf'",
    })
    void scoresAreFormattedLikePython(String value, String expected) {
        assertThat(ScoredItem.formatScore(Float.parseFloat(value))).isEqualTo(expected);
    }

    @Test
    void formattingIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(ScoredItem.formatScore(-1.5f)).isEqualTo("-1.5000");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void numericIdsLoseTheirComponentPrefix() {
        assertThat(ScoredItem.numericId("engage_article12")).isEqualTo("12");
        assertThat(ScoredItem.numericId("container_course5")).isEqualTo("5");
        assertThat(ScoredItem.numericId("totara_playlist1024")).isEqualTo("1024");
        assertThat(ScoredItem.numericId("42")).isEqualTo("42");
        assertThat(ScoredItem.numericId("no_digits")).isEqualTo("no_digits");
        assertThat(new ScoredItem("engage_microlearning7", 3, -0.25f, true))
                .extracting(ScoredItem::numericId, ScoredItem::formattedScore)
                .containsExactly("7", "-0.2500");
    }
}
