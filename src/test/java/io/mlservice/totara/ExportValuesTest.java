package io.mlservice.totara;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportValuesTest {

    @Test
    void splitsIdListsAndIgnoresEmptyParts() {
        assertThat(ExportValues.idList("")).isEmpty();
        assertThat(ExportValues.idList("5")).containsExactly("5");
        assertThat(ExportValues.idList("5||6|")).containsExactly("5", "6");
    }

    @Test
    void quotedValuesAreCutAfterFortyCharacters() {
        assertThat(ExportValues.quote("abc")).isEqualTo("\"abc\"");
        assertThat(ExportValues.quote("x".repeat(41))).isEqualTo("\"" + "x".repeat(40) + "...\"");
    }
}
