package io.mlservice.serving;

import io.mlservice.model.ItemItemBlend;
import io.mlservice.model.ItemNeighbours;
import io.mlservice.model.TenantModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class TenantRecommenderTest {
    private static final String ARTICLE = "engage_article";
    private static final String COURSE = "container_course";
    private static final String MICRO = "engage_microlearning";

    /**
     * User "10" has vector (1, 0), so an item's score is its first component plus its bias:
     * articles 1, 2, 3, 7, 8 score 1, 0.5, 0.25, 0, 0.25; courses 4, 5 score 2, −1; microlearning 6, 9 score 1, 1.
     */
    private static final TenantModel MODEL = new HandBuiltTenant()
            .user("10", 1f, 0f)
            .user("11", 0f, 1f)
            .user("12", 1f, 1f)
            .user("13", 0f, 0f)
            .item("engage_article1", ARTICLE, 0f, Map.of("topic:ai", 1f, "word:neural", 0.5f), 1f, 0f)
            .item("engage_article2", ARTICLE, 0f, Map.of("topic:ai", 1f), 0.5f, 0f)
            .item("engage_article3", ARTICLE, 0.25f, Map.of("topic:ml", 1f), 0f, 1f)
            .item("container_course4", COURSE, 0f, 2f, 0f)
            .item("container_course5", COURSE, 0f, -1f, 0f)
            .item("engage_microlearning6", MICRO, 0f, 1f, 1f)
            .item("engage_article7", ARTICLE, 0f, 0f, 0f)
            .item("engage_article8", ARTICLE, -0.5f, Map.of("topic:ai", 1f, "word:neural", 0.2f), 0.75f, 0.25f)
            .item("engage_microlearning9", MICRO, 0f, 1f, 0.5f)
            .interaction("10", "engage_article1", true)
            .interaction("10", "engage_article2", false)
            .interaction("12", "container_course4", true)
            .interaction("12", "engage_article2", false)
            .interaction("12", "engage_article8", false)
            .interaction("13", "engage_article8", false)
            .interaction("13", "engage_article3", false)
            .build();
    private static final TenantRecommender RECOMMENDER = new TenantRecommender(MODEL);

    /**
     * User "10" interacted with articles 1 and 2. The item-item part gives article 7 a weight of 1 from article 1
     * and course 4 a weight of 5 from article 2; at blend weight 0.5 article 7 scores 0 + 0.5 and course 4
     * 2 + 2.5 for that user.
     */
    @Test
    void theItemItemPartJoinsTheScoresOfUsersWithInteractionsOnly() {
        ItemNeighbours neighbours = new ItemNeighbours(9, new int[]{0, 1, 2, 2, 2, 2, 2, 2, 2, 2},
                new int[]{6, 3}, new float[]{1f, 5f});
        TenantRecommender blended = new TenantRecommender(new TenantModel(MODEL.tenant(), MODEL.userIds(),
                MODEL.itemIds(), MODEL.itemTypes(), MODEL.userFeatures(), MODEL.itemFeatures(), MODEL.interactions(),
                MODEL.model(), MODEL.report(), new ItemItemBlend(neighbours, 0.5f, 100)));

        assertThat(blended.userItems("10", ARTICLE, 3).items())
                .extracting(ScoredItem::itemId, ScoredItem::score)
                .containsExactly(tuple("engage_article7", 0.5f), tuple("engage_article3", 0.25f),
                        tuple("engage_article8", 0.25f));
        assertThat(RECOMMENDER.userItems("10", ARTICLE, 1).items().get(0).itemId()).isEqualTo("engage_article3");
        assertThat(blended.userItems("10", COURSE, 1).items())
                .extracting(ScoredItem::itemId, ScoredItem::score).containsExactly(tuple("container_course4", 4.5f));
        assertThat(blended.userItems("10", COURSE, 2, SeenRule.ORIGINAL_DEMOTION).items().get(0).score())
                .isEqualTo(4.5f);
        // Without interactions, the factor model alone.
        assertThat(blended.userItems("11", ARTICLE, 5).items())
                .isEqualTo(RECOMMENDER.userItems("11", ARTICLE, 5).items());
    }

    @Test
    void interactedItemsRankAfterAllOthersByDefault() {
        UserItemsResult result = RECOMMENDER.userItems("10", ARTICLE, 10);

        assertThat(result.status()).isEqualTo(UserItemsResult.Status.OK);
        // articles range over [0, 1], so interacted items move down by 1 + 1 = 2
        assertThat(result.items()).extracting(ScoredItem::itemId, ScoredItem::score, ScoredItem::demoted)
                .containsExactly(
                        tuple("engage_article3", 0.25f, false),
                        tuple("engage_article8", 0.25f, false),
                        tuple("engage_article7", 0f, false),
                        tuple("engage_article1", -1f, true),
                        tuple("engage_article2", -1.5f, true));
    }

    @Test
    void originalRuleDemotesSeenItemsByHalfTheRangeOfUnseenScores() {
        UserItemsResult result = RECOMMENDER.userItems("10", ARTICLE, 10, SeenRule.ORIGINAL_DEMOTION);

        // unseen items of the whole tenant score from −1 (course 5) to 2 (course 4): demotion 0.5 × 3;
        // article 2 was interacted with but not seen (rating 0), so it keeps its score and the top place
        assertThat(result.items()).extracting(ScoredItem::itemId, ScoredItem::score, ScoredItem::demoted)
                .containsExactly(
                        tuple("engage_article2", 0.5f, false),
                        tuple("engage_article3", 0.25f, false),
                        tuple("engage_article8", 0.25f, false),
                        tuple("engage_article7", 0f, false),
                        tuple("engage_article1", -0.5f, true));
    }

    @Test
    void originalDemotionIsExactlyHalfTheRangeWithArbitraryScores() {
        SplittableRandom random = new SplittableRandom(4);
        HandBuiltTenant builder = new HandBuiltTenant().user("u", randomVector(random, 5));
        for (int i = 0; i < 40; i++) {
            builder.item("engage_article" + i, i % 3 == 0 ? COURSE : ARTICLE, (float) random.nextGaussian(),
                    randomVector(random, 5));
        }
        boolean[] seen = new boolean[40];
        for (int i = 0; i < 40; i += 4) {
            seen[i] = true;
            builder.interaction("u", "engage_article" + i, true);
        }
        TenantModel model = builder.build();
        float[] raw = plainScores(model);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < 40; i++) {
            if (!seen[i]) {
                max = Math.max(max, raw[i]);
                min = Math.min(min, raw[i]);
            }
        }

        UserItemsResult result = new TenantRecommender(model).userItems("u", ARTICLE, 100, SeenRule.ORIGINAL_DEMOTION);

        assertThat(result.items()).hasSize(26);
        for (ScoredItem item : result.items()) {
            float expected = seen[item.index()] ? raw[item.index()] - 0.5f * (max - min) : raw[item.index()];
            assertThat(item.score()).as(item.itemId()).isEqualTo(expected);
            assertThat(item.demoted()).isEqualTo(seen[item.index()]);
        }
        assertScoresNonIncreasing(result.items());
    }

    @Test
    void everyInteractedItemFollowsEveryOtherItemWithArbitraryScores() {
        SplittableRandom random = new SplittableRandom(9);
        HandBuiltTenant builder = new HandBuiltTenant().user("u", randomVector(random, 4));
        for (int i = 0; i < 60; i++) {
            builder.item("engage_article" + i, ARTICLE, (float) random.nextGaussian() * 3, randomVector(random, 4));
        }
        for (int i = 0; i < 60; i += 3) {
            builder.interaction("u", "engage_article" + i, random.nextBoolean());
        }

        List<ScoredItem> items = new TenantRecommender(builder.build()).userItems("u", ARTICLE, 60).items();

        assertThat(items).hasSize(60);
        assertThat(items.subList(0, 40)).noneMatch(ScoredItem::demoted);
        assertThat(items.subList(40, 60)).allMatch(ScoredItem::demoted);
        assertThat(items.subList(40, 60)).allMatch(i -> i.index() % 3 == 0);
        assertThat(items.get(40).score()).isLessThan(items.get(39).score());
        assertScoresNonIncreasing(items);
    }

    @Test
    void onlyItemsOfTheRequestedTypeAreReturned() {
        List<ScoredItem> courses = RECOMMENDER.userItems("11", COURSE, 25).items();

        assertThat(courses).extracting(ScoredItem::itemId).containsExactly("container_course4", "container_course5");
    }

    @Test
    void theListHoldsTheSmallerOfNAndTheItemsOfTheType() {
        assertThat(RECOMMENDER.userItems("10", ARTICLE, 2).items()).extracting(ScoredItem::itemId)
                .containsExactly("engage_article3", "engage_article8");
        assertThat(RECOMMENDER.userItems("10", ARTICLE, 5).items()).hasSize(5);
        assertThat(RECOMMENDER.userItems("10", ARTICLE, 6).items()).hasSize(5);
        assertThat(RECOMMENDER.userItems("10", MICRO, 25).items()).hasSize(2);
        assertThat(RECOMMENDER.userItems("10", ARTICLE, 0).items()).isEmpty();
        assertThatThrownBy(() -> RECOMMENDER.userItems("10", ARTICLE, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownUsersAndTypesAreReportedAsSuch() {
        assertThat(RECOMMENDER.userItems("99", ARTICLE, 5))
                .isEqualTo(new UserItemsResult(UserItemsResult.Status.UNKNOWN_USER, List.of()));
        assertThat(RECOMMENDER.userItems("10", "totara_playlist", 5).status())
                .isEqualTo(UserItemsResult.Status.UNKNOWN_ITEM_TYPE);
        assertThat(RECOMMENDER.userItems("99", "totara_playlist", 5).status())
                .isEqualTo(UserItemsResult.Status.UNKNOWN_ITEM_TYPE);
        assertThat(RECOMMENDER.hasItemType(MICRO)).isTrue();
        assertThat(RECOMMENDER.hasItemType("totara_playlist")).isFalse();
    }

    @Test
    void popularItemsComeMostInteractedFirstTiesByIndex() {
        assertThat(RECOMMENDER.popularItems(ARTICLE, 10))
                .extracting(ScoredItem::itemId, ScoredItem::score)
                .containsExactly(
                        tuple("engage_article2", 2f),
                        tuple("engage_article8", 2f),
                        tuple("engage_article1", 1f),
                        tuple("engage_article3", 1f),
                        tuple("engage_article7", 0f));
        assertThat(RECOMMENDER.popularItems(COURSE, 1)).extracting(ScoredItem::itemId)
                .containsExactly("container_course4");
        assertThat(RECOMMENDER.popularItems("totara_playlist", 10)).isEmpty();
    }

    @Test
    void similarItemsAreOtherItemsOfTheSameComponentByCosine() {
        SimilarItemsResult result = RECOMMENDER.similarItems("engage_article1", 10);

        assertThat(result.status()).isEqualTo(SimilarItemsResult.Status.OK);
        assertThat(result.resolvedId()).isEqualTo("engage_article1");
        assertThat(result.resolvedByFallback()).isFalse();
        // the course (2, 0) and microlearning (1, 1) are as close or closer, but of other components
        assertThat(result.items()).extracting(ScoredItem::itemId)
                .containsExactly("engage_article2", "engage_article8", "engage_article3", "engage_article7");
        assertThat(result.items().get(0).score()).isEqualTo(1f);
        assertThat(result.items().get(1).score()).isCloseTo(0.75f / (float) Math.sqrt(0.625), within(1e-6f));
        assertThat(result.items().get(2).score()).isZero();
    }

    @Test
    void similarItemsNeverIncludeTheItemItselfAndHonourN() {
        assertThat(RECOMMENDER.similarItems("engage_article2", 2).items()).extracting(ScoredItem::itemId)
                .containsExactly("engage_article1", "engage_article8");
        assertThat(RECOMMENDER.similarItems("container_course4", 15).items()).extracting(ScoredItem::itemId)
                .containsExactly("container_course5");
    }

    @Test
    void anUnknownArticleIsLookedUpAsMicrolearning() {
        SimilarItemsResult result = RECOMMENDER.similarItems("engage_article6", 5);

        assertThat(result.status()).isEqualTo(SimilarItemsResult.Status.OK);
        assertThat(result.requestedId()).isEqualTo("engage_article6");
        assertThat(result.resolvedId()).isEqualTo("engage_microlearning6");
        assertThat(result.resolvedByFallback()).isTrue();
        assertThat(result.items()).extracting(ScoredItem::itemId).containsExactly("engage_microlearning9");
    }

    @Test
    void anUnknownItemIsReportedAsSuch() {
        assertThat(RECOMMENDER.similarItems("engage_article99", 5))
                .isEqualTo(new SimilarItemsResult(SimilarItemsResult.Status.UNKNOWN_ITEM, "engage_article99", null,
                        List.of()));
    }

    @Test
    void zeroEmbeddingsGiveZeroCosinesNotNaN() {
        List<ScoredItem> items = RECOMMENDER.similarItems("engage_article7", 10).items();

        assertThat(items).extracting(ScoredItem::itemId)
                .containsExactly("engage_article1", "engage_article2", "engage_article3", "engage_article8");
        assertThat(items).allSatisfy(i -> assertThat(i.score()).isZero());
    }

    @Test
    void explanationsNameTheUsersClosestItemsAndSharedFeatures() {
        Explanation why = RECOMMENDER.explain("13", "engage_article1").orElseThrow();

        assertThat(why.similarInteracted()).extracting(ScoredItem::itemId)
                .containsExactly("engage_article8", "engage_article3");
        // topic:ai 1 × 1 outweighs word:neural 0.5 × 0.2; identity features are never shared
        assertThat(why.sharedFeatures()).containsExactly("topic:ai", "word:neural");
    }

    @Test
    void explanationsLeaveOutTheItemItselfAndFeaturesWithTheIdentityPrefix() {
        Explanation why = new TenantRecommender(MODEL, "word:").explain("12", "engage_article8").orElseThrow();

        assertThat(why.similarInteracted()).extracting(ScoredItem::itemId)
                .containsExactly("engage_article2", "container_course4");
        assertThat(why.sharedFeatures()).containsExactly("topic:ai");
        assertThat(RECOMMENDER.explain("99", "engage_article1")).isEmpty();
        assertThat(RECOMMENDER.explain("10", "engage_article99")).isEmpty();
    }

    private static org.assertj.core.data.Offset<Float> within(float tolerance) {
        return org.assertj.core.data.Offset.offset(tolerance);
    }

    private static void assertScoresNonIncreasing(List<ScoredItem> items) {
        for (int r = 1; r < items.size(); r++) {
            assertThat(items.get(r).score()).isLessThanOrEqualTo(items.get(r - 1).score());
        }
    }

    private static float[] randomVector(SplittableRandom random, int k) {
        float[] v = new float[k];
        for (int d = 0; d < k; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return v;
    }

    /** user · item + bias the plain way, for a single-user model built with {@link HandBuiltTenant}. */
    private static float[] plainScores(TenantModel model) {
        float[] user = model.model().userEmbeddings().data;
        float[] items = model.model().itemEmbeddings().data;
        float[] biases = model.model().itemFeatureBiases();
        int k = user.length;
        float[] out = new float[model.itemIds().size()];
        for (int i = 0; i < out.length; i++) {
            float s = 0f;
            for (int d = 0; d < k; d++) {
                s += user[d] * items[i * k + d];
            }
            out[i] = s + biases[i];
        }
        return out;
    }
}
