package io.mlservice.serving;

import io.mlservice.model.PlantedTenant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlantedRecommendationsTest {
    private static final PlantedTenant PLANTED = PlantedTenant.train(400, 200, 5, 7);
    private static final TenantRecommender RECOMMENDER = new TenantRecommender(PLANTED.model());

    @Test
    void usersAreRecommendedMostlyItemsOfTheirOwnGroup() {
        int inGroup = 0;
        int total = 0;
        for (int u = 0; u < 400; u++) {
            for (ScoredItem item : RECOMMENDER.userItems("u" + u, "engage_article", 10).items()) {
                assertThat(item.index() % 2).isZero();
                inGroup += PLANTED.itemGroup()[item.index()] == PLANTED.userGroup()[u] ? 1 : 0;
                total++;
            }
        }
        assertThat(total).isEqualTo(4000);
        assertThat(inGroup / (double) total).isGreaterThan(0.8);
    }

    @Test
    void similarItemsOfAnItemAreMostlyOfItsGroup() {
        int inGroup = 0;
        int total = 0;
        for (int i = 0; i < 200; i++) {
            for (ScoredItem item : RECOMMENDER.similarItems("i" + i, 5).items()) {
                inGroup += PLANTED.itemGroup()[item.index()] == PLANTED.itemGroup()[i] ? 1 : 0;
                total++;
            }
        }
        assertThat(inGroup / (double) total).isGreaterThan(0.8);
    }
}
