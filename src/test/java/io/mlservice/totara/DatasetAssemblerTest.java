package io.mlservice.totara;

import io.mlservice.data.Dataset;
import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DatasetAssemblerTest {

    private final DatasetAssembler assembler = new DatasetAssembler();

    @Test
    void keepsTheLatestInteractionPerPairWithWeightRatingPlusOne() throws Exception {
        List<TenantExport.Interaction> rows = List.of(
                new TenantExport.Interaction("1", "engage_article1", 1, 100, 2),
                new TenantExport.Interaction("1", "engage_article1", 0, 200, 3),
                new TenantExport.Interaction("2", "engage_article2", 0, 100, 4),
                new TenantExport.Interaction("2", "engage_article2", 1, 300, 5),
                new TenantExport.Interaction("3", "engage_article4", 0, 50, 6),
                new TenantExport.Interaction("3", "engage_article4", 1, 50, 7));
        Dataset data = assembler.assemble(export("0", 12, 12, rows), DatasetAssembler.Options.of(Algorithm.MF));

        Interactions in = data.interactions();
        assertThat(in.size()).isEqualTo(3);
        assertThat(pair(data, "1", "engage_article1")).containsExactly(1f, 0f);
        assertThat(pair(data, "2", "engage_article2")).containsExactly(2f, 1f);
        // Same timestamp: the later line wins.
        assertThat(pair(data, "3", "engage_article4")).containsExactly(2f, 1f);
        // Pairs keep the order of their first line (the seeded splits depend on it).
        assertThat(data.userIds().get(in.users()[0])).isEqualTo("1");
        assertThat(data.userIds().get(in.users()[1])).isEqualTo("2");
        assertThat(data.userIds().get(in.users()[2])).isEqualTo("3");
    }

    @Test
    void interactionsOutsideTheTenantAreDropped() throws Exception {
        List<TenantExport.Interaction> rows = List.of(
                new TenantExport.Interaction("1", "engage_article1", 0, 100, 2),
                new TenantExport.Interaction("999", "engage_article1", 0, 100, 3),
                new TenantExport.Interaction("1", "engage_article999", 0, 100, 4));
        Dataset data = assembler.assemble(export("0", 12, 12, rows), DatasetAssembler.Options.of(Algorithm.MF));
        assertThat(data.interactions().size()).isEqualTo(1);
    }

    @Test
    void tooFewUsersOrItemsGiveTheOriginalsMessage() {
        List<TenantExport.Interaction> rows = List.of(new TenantExport.Interaction("1", "engage_article1", 0, 1, 2));
        assertThatThrownBy(() -> assembler.assemble(export("7", 9, 20, rows), DatasetAssembler.Options.of(Algorithm.MF)))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessageStartingWith("The model for tenant 7 is not trained, probably for insufficient data")
                .hasMessageContaining("9 users");
        assertThatThrownBy(() -> assembler.assemble(export("7", 20, 9, rows), DatasetAssembler.Options.of(Algorithm.MF)))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessageContaining("9 items");
        assertThatThrownBy(() -> assembler.assemble(export("7", 20, 20, List.of()),
                DatasetAssembler.Options.of(Algorithm.MF)))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessageContaining("no interactions");
    }

    @Test
    void mfUsesIdentityFeaturesOnly() throws Exception {
        Dataset data = assembler.assemble(export("0", 12, 12, someInteractions()),
                DatasetAssembler.Options.of(Algorithm.MF));
        assertThat(data.userFeatures().featureNames()).hasSize(12).allMatch(n -> n.startsWith("user:"));
        assertThat(data.itemFeatures().featureNames()).hasSize(12).allMatch(n -> n.startsWith("item:"));
        assertThat(data.itemFeatures().get(3, 3)).isEqualTo(1f);
    }

    @Test
    void partialHasComponentsTopicsAndProfileColumnsWithIdentityAndNormalisedRows() throws Exception {
        Dataset data = assembler.assemble(export("0", 12, 12, someInteractions()),
                DatasetAssembler.Options.of(Algorithm.PARTIAL));
        FeatureMatrix items = data.itemFeatures();
        List<String> names = items.featureNames();
        assertThat(names).contains("item:engage_article1", "component=engage_article", "component=container_course",
                "topic=leadership", "topic=safety");
        // engage_article1: identity, component, topic leadership -> three features of weight 1/3.
        int row = data.itemIds().indexOf("engage_article1");
        assertThat(items.get(row, names.indexOf("item:engage_article1"))).isCloseTo(1f / 3, within(1e-6f));
        assertThat(items.get(row, names.indexOf("topic=leadership"))).isCloseTo(1f / 3, within(1e-6f));
        assertThat(rowSum(items, row)).isCloseTo(1f, within(1e-6f));

        FeatureMatrix users = data.userFeatures();
        assertThat(users.featureNames()).contains("user:1", "lang=en", "country=NZ", "interest=3", "position=5",
                "organisation=8", "badge=9", "competency=11", "asp_position=4");
        int u1 = data.userIds().indexOf("1");
        assertThat(rowSum(users, u1)).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void theOriginalsMatricesHaveNoIdentityAndRawWeights() throws Exception {
        Dataset data = assembler.assemble(export("0", 12, 12, someInteractions()),
                DatasetAssembler.Options.original(Algorithm.PARTIAL));
        assertThat(data.itemFeatures().featureNames()).noneMatch(n -> n.startsWith("item:"));
        assertThat(data.userFeatures().featureNames()).noneMatch(n -> n.startsWith("user:"));
        int u1 = data.userIds().indexOf("1");
        FeatureMatrix users = data.userFeatures();
        assertThat(users.get(u1, users.featureNames().indexOf("competency=11"))).isEqualTo(2f);
        assertThat(users.get(u1, users.featureNames().indexOf("lang=en"))).isEqualTo(1f);
    }

    @Test
    void eachProfileColumnKeepsItsThirtyMostFrequentValues() throws Exception {
        List<TenantExport.User> users = new ArrayList<>();
        // Country c0 is used by 11 users, c1..c34 by one each (35 values): ties broken by name, 30 kept.
        for (int u = 0; u < 46; u++) {
            String country = u < 11 ? "c0" : "c" + (u - 10);
            users.add(new TenantExport.User(String.valueOf(u), "en", "", country, List.of(), List.of(), List.of(),
                    List.of(), Map.of(), List.of(), ""));
        }
        TenantExport export = new TenantExport("0", users, items(12), someInteractions(), List.of("leadership"),
                List.of());
        Dataset data = assembler.assemble(export, DatasetAssembler.Options.original(Algorithm.PARTIAL));
        List<String> countries = data.userFeatures().featureNames().stream()
                .filter(n -> n.startsWith("country=")).toList();
        assertThat(countries).hasSize(30).contains("country=c0");
    }

    @Test
    void hybridAddsTfidfOfDocumentsAndOfUserCityAndDescription() throws Exception {
        Dataset data = assembler.assemble(export("0", 12, 12, someInteractions()),
                DatasetAssembler.Options.of(Algorithm.HYBRID));
        assertThat(data.itemFeatures().featureNames()).contains("word=python", "word=safety");
        assertThat(data.itemFeatures().featureNames()).noneMatch(n -> n.equals("word=the"));
        assertThat(data.userFeatures().featureNames()).contains("user_word=wellington", "user_word=gardening");
        int row = data.itemIds().indexOf("engage_article1");
        FeatureMatrix items = data.itemFeatures();
        assertThat(items.get(row, items.featureNames().indexOf("word=python"))).isPositive();
    }

    private static float rowSum(FeatureMatrix m, int row) {
        float s = 0;
        for (int p = m.rowStart()[row]; p < m.rowStart()[row + 1]; p++) {
            s += m.values()[p];
        }
        return s;
    }

    private static float[] pair(Dataset data, String user, String item) {
        int u = data.userIds().indexOf(user);
        int i = data.itemIds().indexOf(item);
        Interactions in = data.interactions();
        for (int p = 0; p < in.size(); p++) {
            if (in.users()[p] == u && in.items()[p] == i) {
                return new float[]{in.weights()[p], in.seen()[p] ? 1f : 0f};
            }
        }
        throw new AssertionError("no interaction " + user + "/" + item);
    }

    private static List<TenantExport.Interaction> someInteractions() {
        List<TenantExport.Interaction> rows = new ArrayList<>();
        for (int u = 1; u <= 10; u++) {
            rows.add(new TenantExport.Interaction(String.valueOf(u), "engage_article" + u, u % 2, 1000 + u, u + 1));
        }
        return rows;
    }

    private static TenantExport export(String tenant, int nUsers, int nItems, List<TenantExport.Interaction> rows) {
        List<TenantExport.User> users = new ArrayList<>();
        for (int u = 1; u <= nUsers; u++) {
            users.add(new TenantExport.User(String.valueOf(u), "en", u == 1 ? "Wellington" : "", "NZ",
                    List.of("3"), List.of("4"), List.of("5"), List.of("8"), Map.of("11", 2.0), List.of("9"),
                    u == 1 ? "Loves gardening and the outdoors" : ""));
        }
        return new TenantExport(tenant, users, items(nItems), rows, List.of("leadership", "safety"), List.of());
    }

    private static List<TenantExport.Item> items(int n) {
        List<TenantExport.Item> items = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String component = i % 3 == 0 ? "container_course" : "engage_article";
            List<String> topics = i % 2 == 1 ? List.of("leadership") : List.of("safety");
            String doc = i == 1 ? "Learning Python, the friendly way" : "Workplace safety notes number " + i;
            items.add(new TenantExport.Item(component + i, component, topics, doc));
        }
        return items;
    }
}
