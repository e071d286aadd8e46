package io.mlservice.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A tenant model trained on {@link PlantedData}, for tests outside this package: user {@code u<n>} belongs to
 * group {@code userGroup[n]}, item {@code i<n>} to {@code itemGroup[n]}; even items are articles, odd ones courses.
 */
public record PlantedTenant(TenantModel model, int[] userGroup, int[] itemGroup) {

    public static PlantedTenant train(int users, int items, int groups, long seed) {
        PlantedData planted = PlantedData.generate(users, items, groups, 12, 0.05, seed);
        HyperParameters hp = HyperParameters.defaults().withComponents(16).withEpochs(20);
        HybridModel model;
        try (TrainingRun run = new TrainingRun(planted.users(), planted.items(), planted.interactions(), hp, 1, seed)) {
            for (int e = 0; e < hp.epochs(); e++) {
                run.runEpoch();
            }
            model = run.snapshot();
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            types.add(i % 2 == 0 ? "engage_article" : "container_course");
        }
        TenantModel tenant = new TenantModel("0", planted.users().featureNames(), planted.items().featureNames(),
                types, planted.users(), planted.items(), planted.interactions(), model, null);
        return new PlantedTenant(tenant, planted.userGroup(), planted.itemGroup());
    }
}
