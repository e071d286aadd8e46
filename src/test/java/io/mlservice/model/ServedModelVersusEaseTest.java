package io.mlservice.model;

import io.mlservice.data.Dataset;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.DatasetAssembler;
import io.mlservice.totara.ExportReader;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bar every report shows: the model served (with its item-item part when it has one) ranks held-out
 * interactions better than EASE^R on the same split.
 */
class ServedModelVersusEaseTest {

    @TempDir
    Path export;

    @Test
    void theServedModelBeatsEaseOnTheSmallDemoExport() throws Exception {
        new DemoExportGenerator(DemoExportGenerator.Spec.small()).write(export);
        ExportReader reader = new ExportReader();
        Dataset data = new DatasetAssembler().assemble(reader.readTenant(export, "0"),
                DatasetAssembler.Options.of(Algorithm.HYBRID));
        TenantTrainer trainer = new TenantTrainer(TenantTrainer.Options.defaults().withThreads(1),
                Clock.systemUTC());

        TrainingReport report = trainer.train(data, "hybrid", TrainingListener.NONE).report();

        assertThat(report.ease().users()).isEqualTo(report.heldOut().users()).isPositive();
        assertThat(report.ease().precision()).isGreaterThan(2 * report.popularity().precision());
        assertThat(report.heldOut().precision()).isGreaterThan(report.ease().precision());
        assertThat(report.heldOut().recall()).isGreaterThan(report.ease().recall());
        assertThat(report.heldOut().auc()).isGreaterThan(report.ease().auc());
    }
}
