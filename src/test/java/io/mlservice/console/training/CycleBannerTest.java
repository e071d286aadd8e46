package io.mlservice.console.training;

import io.mlservice.service.CycleWatch;
import io.mlservice.config.Setting;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.DirectContext;
import io.mlservice.console.Notices;
import io.mlservice.console.ServiceHost;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleTrigger;
import io.mlservice.history.TenantOutcome;
import io.mlservice.service.CycleResult;
import io.mlservice.service.TenantResult;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The banner about failed training, over a real service whose export folder goes bad and good again. */
class CycleBannerTest {
    @TempDir
    Path dir;
    ServiceHost host;
    TrainingViewModel model;

    @AfterEach
    void stop() {
        if (model != null) {
            model.close();
        }
        if (host != null) {
            host.stop();
        }
    }

    @Test
    void aFailedCycleRaisesTheBannerUntilACycleSucceeds() throws Exception {
        Path export = Files.createDirectories(dir.resolve("export"));
        Map<String, String> cli = new LinkedHashMap<>(ConsoleFixture.freshCommandLine(dir));
        cli.put(Setting.EXPORT_DIR.variable(), export.toString());
        host = ConsoleFixture.freshHost(dir, cli);
        Notices notices = new Notices(Runnable::run);
        List<ConsoleContext.Page> shown = new ArrayList<>();
        ConsoleContext context = DirectContext.of(host, Runnable::run, notices, shown::add);
        CycleBanner.watch(context);
        model = new TrainingViewModel(context);
        CycleWatch cycles = new CycleWatch();
        host.addListener(cycles);

        // an empty export folder: the startup cycle cannot read it
        host.start(line -> { });
        CycleResult empty = cycles.next();
        assertThat(empty.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(empty.nextDue()).isAfter(empty.finished());
        Notices.Notice failed = notices.find(CycleBanner.NOTICE).orElseThrow();
        assertThat(failed.level()).isEqualTo(Notices.Level.DANGER);
        assertThat(failed.text()).startsWith("Training failed: ").contains("user_data_0.csv")
                .contains("No model is serving yet").contains("The next try is due at").contains("(in ");
        assertThat(model.history().cycles()).first().satisfies(c -> assertThat(c.outcome()).isEqualTo(CycleOutcome.FAILED));
        assertThat(model.live().outcomeProperty().get()).isEqualTo(CycleOutcome.FAILED);

        // the export arrives: the next cycle trains and the banner goes
        new DemoExportGenerator(DemoExportGenerator.Spec.small()).write(export);
        model.trainNow();
        assertThat(cycles.next().outcome()).isEqualTo(CycleOutcome.OK);
        assertThat(notices.find(CycleBanner.NOTICE)).isEmpty();

        // an export without interactions: the tenant keeps its model, which goes on serving
        new DemoExportGenerator(new DemoExportGenerator.Spec(60, 40, 0, 1, 7)).write(export);
        model.trainNow();
        CycleResult kept = cycles.next();
        assertThat(kept.tenants()).singleElement()
                .satisfies(t -> assertThat(t.outcome()).isEqualTo(TenantOutcome.KEPT));
        Notices.Notice keptNotice = notices.find(CycleBanner.NOTICE).orElseThrow();
        assertThat(keptNotice.level()).isEqualTo(Notices.Level.DANGER);
        assertThat(keptNotice.text()).contains("Tenant 0 kept its previous model, which keeps serving")
                .contains("no interactions").contains("The models trained before keep serving")
                .contains("The next try is due at");
        assertThat(host.service().registry().snapshot().tenant("0").orElseThrow().trained()).isTrue();
        assertThat(model.live().tenants()).singleElement()
                .satisfies(t -> assertThat(t.outcomeProperty().get()).isEqualTo(TenantOutcome.KEPT));

        assertThat(keptNotice.action()).isEqualTo("Retry now");
        keptNotice.onAction().run();
        assertThat(shown).containsExactly(ConsoleContext.Page.TRAINING);
        assertThat(cycles.next().trigger()).as("the retry").isEqualTo(CycleTrigger.MANUAL);
    }

    @Test
    void aPartialCycleWarnsAndAnOlderResultNeverOverridesANewerOne() {
        host = ConsoleFixture.freshHost(dir);
        Notices notices = new Notices(Runnable::run);
        ConsoleContext context = DirectContext.of(host, Runnable::run, notices, page -> { });
        CycleBanner banner = CycleBanner.watch(context);
        Instant now = Instant.now();
        Instant due = now.plus(Duration.ofMinutes(60));
        List<TenantResult> tenants = List.of(
                new TenantResult("a", TenantOutcome.TRAINED, "trained", 10, 10, 10, null, "m.mlm", 5),
                new TenantResult("b", TenantOutcome.KEPT,
                        "the new model's held-out AUC 0.5100 is below the floor 0.55", 10, 10, 10, null, null, 5));

        banner.cycleFinished(new CycleResult(5, CycleTrigger.SCHEDULE, now, now, CycleOutcome.PARTIAL,
                "1 trained, 1 kept the previous model", tenants, due));
        Notices.Notice partial = notices.find(CycleBanner.NOTICE).orElseThrow();
        assertThat(partial.level()).isEqualTo(Notices.Level.WARNING);
        assertThat(partial.text()).contains("Tenant b kept its previous model, which keeps serving")
                .contains("below the floor").doesNotContain("Tenant a").contains("The next try is due at")
                .contains("(in ");

        banner.cycleFinished(new CycleResult(4, CycleTrigger.SCHEDULE, now, now, CycleOutcome.OK, "", List.of(),
                due));
        assertThat(notices.find(CycleBanner.NOTICE)).as("an older cycle").isPresent();

        banner.cycleFinished(new CycleResult(6, CycleTrigger.MANUAL, now, now, CycleOutcome.CANCELLED, "", List.of(),
                due));
        assertThat(notices.find(CycleBanner.NOTICE)).as("a cancelled cycle").isPresent();

        banner.cycleFinished(new CycleResult(7, CycleTrigger.SCHEDULE, now, now, CycleOutcome.OK, "", List.of(),
                due));
        assertThat(notices.find(CycleBanner.NOTICE)).isEmpty();
    }
}
