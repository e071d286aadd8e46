package io.mlservice.training;

import io.mlservice.model.HyperParameters;
import io.mlservice.model.TenantTrainer;
import io.mlservice.model.TrainingListener;
import io.mlservice.model.TrainingReport;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.DatasetAssembler;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine end to end on the demo export: files in, a trained model per tenant out. */
class ExportTrainingTest {

    @TempDir
    static Path export;

    @BeforeAll
    static void writeDemoExport() throws IOException {
        new DemoExportGenerator(DemoExportGenerator.Spec.small()).write(export);
    }

    private static TrainingReport train(DatasetAssembler.Options features) throws IOException {
        HyperParameters fixed = HyperParameters.defaults().withComponents(32).withEpochs(10);
        ExportTraining training = ExportTraining.of(features,
                TenantTrainer.Options.defaults().withThreads(1).withFixed(fixed));
        List<ExportTraining.TenantTraining> outcomes = training.trainAll(export, t -> TrainingListener.NONE);
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.trained()).isTrue());
        return outcomes.get(0).model().report();
    }

    @Test
    void hybridWithIdentityFeaturesBeatsPopularityAndTheFeatureOnlyMatrices() throws IOException {
        TrainingReport ours = train(DatasetAssembler.Options.of(Algorithm.HYBRID));
        TrainingReport original = train(DatasetAssembler.Options.original(Algorithm.HYBRID));

        assertThat(ours.heldOut().precision()).isGreaterThan(ours.popularity().precision() * 1.5);
        assertThat(ours.heldOut().auc()).isGreaterThan(ours.popularity().auc());
        assertThat(ours.heldOut().precision()).isGreaterThan(original.heldOut().precision());
        assertThat(ours.algorithm()).isEqualTo("hybrid");
    }

    @Test
    void everyAlgorithmTrains() throws IOException {
        for (Algorithm a : Algorithm.values()) {
            TrainingReport report = train(DatasetAssembler.Options.of(a));
            assertThat(report.algorithm()).isEqualTo(a.id());
            assertThat(report.heldOut().auc()).as(a.id()).isGreaterThan(report.popularity().auc());
        }
    }
}
