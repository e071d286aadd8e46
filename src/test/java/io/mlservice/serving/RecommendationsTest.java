package io.mlservice.serving;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The decisions the API and the console's preview share, on one hand-built tenant. */
class RecommendationsTest {
    private static final Recommendations.Rules DEFAULT = Recommendations.Rules.of(true, false, 500);

    private static ModelRegistry.Snapshot served() {
        var model = new HandBuiltTenant()
                .user("2", 1f, 0f)
                .item("engage_article1", "engage_article", 0f, 1f, 0f)
                .item("engage_article2", "engage_article", 0f, 0.5f, 0.5f)
                .item("engage_article3", "engage_article", 0f, 0f, 1f)
                .item("engage_microlearning4", "engage_microlearning", 0f, 0.9f, 0.1f)
                .interaction("2", "engage_article1", true)
                .interaction("2", "engage_article2", false)
                .build();
        ModelRegistry registry = new ModelRegistry();
        registry.replaceAll(List.of(ModelRegistry.Entry.trained(model, Instant.EPOCH),
                ModelRegistry.Entry.untrained("7", "too little data", Instant.EPOCH)));
        return registry.snapshot();
    }

    @Test
    void rulesFollowTheSettingsSwitchesAndCapTotarasDefaults() {
        assertThat(DEFAULT.seenRule()).isEqualTo(SeenRule.RANK_INTERACTED_LAST);
        assertThat(Recommendations.Rules.of(true, true, 500).seenRule()).isEqualTo(SeenRule.ORIGINAL_DEMOTION);
        assertThat(DEFAULT.userItemsDefault()).isEqualTo(25);
        assertThat(DEFAULT.similarItemsDefault()).isEqualTo(15);
        assertThat(Recommendations.Rules.of(true, false, 10).userItemsDefault()).isEqualTo(10);
    }

    @Test
    void aTenantWithoutAModelAnswersTheContractsMessages() {
        assertThat(Recommendations.userItems(new ModelRegistry().snapshot(), "0", "2", "engage_article", 5, DEFAULT)
                .message()).isEqualTo("The recommender model is not ready yet");
        assertThat(Recommendations.userItems(served(), "9", "2", "engage_article", 5, DEFAULT).message())
                .isEqualTo("Bad request: no such tenant");
        assertThat(Recommendations.similarItems(served(), "7", "engage_article1", 5).message())
                .isEqualTo("Message: The model for tenant 7 is not trained, probably for insufficient data");
    }

    @Test
    void userItemsRankInteractedItemsLastAndSayWhichWereRankedDown() {
        Recommendations.Outcome outcome = Recommendations.userItems(served(), "0", "2", "engage_article", 5,
                DEFAULT);
        assertThat(outcome.success()).isTrue();
        assertThat(outcome.coldStart()).isFalse();
        assertThat(outcome.items()).extracting(ScoredItem::itemId, ScoredItem::demoted).containsExactly(
                tuple("engage_article3", false),
                tuple("engage_article1", true),
                tuple("engage_article2", true));
        assertThat(Recommendations.userItems(served(), "0", "2", "totara_playlist", 5, DEFAULT).message())
                .isEqualTo("Bad request: no such item type is available");
    }

    @Test
    void anUnknownUserIsColdStartOrNoSuchUserAsTheSwitchSays() {
        Recommendations.Outcome cold = Recommendations.userItems(served(), "0", "99", "engage_article", 2, DEFAULT);
        assertThat(cold.coldStart()).isTrue();
        assertThat(cold.items()).extracting(ScoredItem::itemId).containsExactly("engage_article1", "engage_article2");

        Recommendations.Outcome strict = Recommendations.userItems(served(), "0", "99", "engage_article", 2,
                Recommendations.Rules.of(false, false, 500));
        assertThat(strict.success()).isFalse();
        assertThat(strict.message()).isEqualTo("Bad request: no such user id");
    }

    @Test
    void similarItemsTellWhichItemTheyResolvedTo() {
        Recommendations.Outcome found = Recommendations.similarItems(served(), "0", "engage_article4", 5);
        assertThat(found.success()).isTrue();
        assertThat(found.resolvedId()).isEqualTo("engage_microlearning4");
        assertThat(Recommendations.similarItems(served(), "0", "engage_article99", 5).message())
                .isEqualTo("Bad request: no such item id");
    }
}
