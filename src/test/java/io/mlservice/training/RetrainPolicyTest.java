package io.mlservice.training;

import io.mlservice.data.Dataset;
import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;
import io.mlservice.model.HybridModel;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TrainingOrigin;
import io.mlservice.model.TrainingReport;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetrainPolicyTest {
    private static final Instant SEARCHED = Instant.parse("2026-12-01T02:00:00Z");
    private static final HyperParameters CHOSEN = HyperParameters.defaults().withComponents(4).withEpochs(9);
    private static final RetrainPolicy POLICY = new RetrainPolicy(Duration.ofDays(7), 0.2);
    private static final List<String> USERS = names("user:", 20);
    private static final List<String> ITEMS = names("item:", 10);
    private static final TenantModel SERVING = model(USERS, ITEMS, 100, "hybrid");

    @Test
    void aServingModelOfTheSameSettingsWithModestGrowthWithinTheWeekRetrainsWarm() {
        RetrainPolicy.Decision d = POLICY.decide(SERVING, today(USERS, 115), "hybrid", null,
                SEARCHED.plus(Duration.ofDays(6)));

        assertThat(d.warm()).as(d.reason()).isTrue();
        assertThat(d.start()).isNotNull();
        assertThat(d.reason()).contains("6 days old", "grew by 15.0%");
    }

    @Test
    void noServingModelMeansAFullSearch() {
        RetrainPolicy.Decision d = POLICY.decide(null, today(USERS, 100), "hybrid", null, SEARCHED);

        assertThat(d.warm()).isFalse();
        assertThat(d.reason()).isEqualTo("no model serves this tenant");
    }

    @Test
    void aWeekSinceTheLastFullSearchMeansAFullSearch() {
        RetrainPolicy.Decision d = POLICY.decide(SERVING, today(USERS, 100), "hybrid", null,
                SEARCHED.plus(Duration.ofDays(7)));

        assertThat(d.warm()).isFalse();
        assertThat(d.reason()).contains("7 days old");
    }

    @Test
    void growthBeyondTheShareMeansAFullSearch() {
        RetrainPolicy.Decision d = POLICY.decide(SERVING, today(USERS, 121), "hybrid", null, SEARCHED);

        assertThat(d.warm()).isFalse();
        assertThat(d.reason()).contains("grew by 21.0%", "more than 20%");
    }

    @Test
    void growthIsCountedFromTheLastFullSearchNotFromTheLastWarmRetrain() {
        TrainingReport warm = SERVING.report().withOrigin(new TrainingOrigin(true, SEARCHED.getEpochSecond(), 80));
        TenantModel afterWarmRetrains = withReport(SERVING, warm);

        RetrainPolicy.Decision d = POLICY.decide(afterWarmRetrains, today(USERS, 100), "hybrid", null, SEARCHED);

        assertThat(d.warm()).isFalse();
        assertThat(d.reason()).contains("80 to 100");
    }

    @Test
    void anotherAlgorithmOrConfigurationMeansAFullSearch() {
        assertThat(POLICY.decide(SERVING, today(USERS, 100), "mf", null, SEARCHED).reason())
                .isEqualTo("the algorithm changed from hybrid to mf");
        assertThat(POLICY.decide(SERVING, today(USERS, 100), "hybrid", CHOSEN.withComponents(8), SEARCHED).warm())
                .isFalse();
        assertThat(POLICY.decide(SERVING, today(USERS, 100), "hybrid", CHOSEN.withEpochs(3), SEARCHED).warm())
                .as("the same fixed configuration, whatever its epochs").isTrue();
    }

    @Test
    void otherFeaturesMeanAFullSearch() {
        RetrainPolicy.Decision d = POLICY.decide(SERVING, today(names("u", 20), 100), "hybrid", null, SEARCHED);

        assertThat(d.warm()).isFalse();
        assertThat(d.reason()).contains("knows only 0% of today's user features");
    }

    @Test
    void warmRetrainsOffMeansAlwaysAFullSearch() {
        assertThat(RetrainPolicy.alwaysFull().decide(SERVING, today(USERS, 100), "hybrid", null, SEARCHED).reason())
                .isEqualTo("warm retrains are off");
    }

    private static Dataset today(List<String> users, int interactions) {
        Interactions pairs = pairs(users.size(), ITEMS.size(), interactions);
        return new Dataset("0", users, ITEMS, Collections.nCopies(ITEMS.size(), "engage_article"), pairs,
                FeatureMatrix.identity(users), FeatureMatrix.identity(ITEMS));
    }

    private static TenantModel model(List<String> users, List<String> items, int interactions, String algorithm) {
        HybridModel m = new HybridModel(new FMatrixRMaj(users.size(), 4), new FMatrixRMaj(items.size(), 4),
                new float[items.size()]);
        TrainingReport report = new TrainingReport(algorithm, CHOSEN, Metrics.NONE, Metrics.NONE, Metrics.NONE, 9,
                4, SEARCHED.getEpochSecond(), 1000, TrainingOrigin.fullSearch(SEARCHED.getEpochSecond(),
                interactions));
        return new TenantModel("0", users, items, Collections.nCopies(items.size(), "engage_article"),
                FeatureMatrix.identity(users), FeatureMatrix.identity(items),
                pairs(users.size(), items.size(), interactions), m, report);
    }

    private static TenantModel withReport(TenantModel t, TrainingReport report) {
        return new TenantModel(t.tenant(), t.userIds(), t.itemIds(), t.itemTypes(), t.userFeatures(),
                t.itemFeatures(), t.interactions(), t.model(), report);
    }

    /** {@code n} distinct pairs, user by user. */
    private static Interactions pairs(int users, int items, int n) {
        int[] u = new int[n];
        int[] i = new int[n];
        for (int p = 0; p < n; p++) {
            u[p] = p / items;
            i[p] = p % items;
        }
        return new Interactions(users, items, u, i, new float[n], new boolean[n]);
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(prefix + k);
        }
        return out;
    }
}
