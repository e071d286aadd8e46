package io.mlservice.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StopWordsTest {

    @Test
    void mergesTheListsOfAtLeastTwentyFiveLanguages() {
        assertThat(StopWords.languages()).hasSizeGreaterThanOrEqualTo(25)
                .contains("en", "fr", "de", "es", "it", "nl", "pt", "sv", "tr", "ru");
        assertThat(StopWords.size()).isGreaterThan(3000);
    }

    @Test
    void knowsCommonStopWordsOfSeveralLanguages() {
        assertThat(StopWords.contains("the")).isTrue();
        assertThat(StopWords.contains("you")).as("from Snowball's English list").isTrue();
        assertThat(StopWords.contains("les")).isTrue();
        assertThat(StopWords.contains("und")).isTrue();
        assertThat(StopWords.contains("nicht")).isTrue();
        assertThat(StopWords.contains("los")).isTrue();
        assertThat(StopWords.contains("gli")).isTrue();
        assertThat(StopWords.contains("het")).isTrue();
        assertThat(StopWords.contains("och")).isTrue();
        assertThat(StopWords.contains("olla")).isTrue();
    }

    @Test
    void storesStopWordsFoldedToAsciiLikeTokens() {
        assertThat(StopWords.contains("etant")).as("French étant").isTrue();
        assertThat(StopWords.contains("uber")).as("German über").isTrue();
        assertThat(StopWords.contains("nao")).as("Portuguese não").isTrue();
        assertThat(StopWords.contains("icin")).as("Turkish için").isTrue();
        assertThat(StopWords.contains("étant")).as("unfolded forms are not kept").isFalse();
    }

    @Test
    void leavesContentWordsAlone() {
        assertThat(StopWords.contains("python")).isFalse();
        assertThat(StopWords.contains("training")).isFalse();
        assertThat(StopWords.contains("leadership")).isFalse();
        assertThat(StopWords.contains("a")).as("one-letter words never reach the list").isFalse();
    }
}
