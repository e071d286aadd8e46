package io.mlservice.console.dashboard;

import io.mlservice.format.ByteSize;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.DirectContext;
import io.mlservice.console.ServiceHost;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.FetchRow;
import io.mlservice.service.CycleResult;
import io.mlservice.service.MlService;
import io.mlservice.service.ServiceListener;
import io.mlservice.totara.FakeTotara;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard of a service connected to a (fake) Totara site: the fetches and Totara's health. */
class DashboardTotaraTest {
    private static final String KEY = "dashboard-test-key";

    @TempDir
    Path dir;
    FakeTotara totara;
    ServiceHost host;
    DashboardViewModel model;

    @AfterEach
    void stop() {
        if (model != null) {
            model.close();
        }
        if (host != null) {
            host.stop();
        }
        if (totara != null) {
            totara.close();
        }
    }

    @Test
    void showsTheLastFetchAndTotarasHealthAndWhenEitherFails() throws Exception {
        Path export = dir.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(160, 100, 2400, 1, 7)).write(export);
        totara = FakeTotara.serving(export, KEY);
        // connected as the settings page saves it
        new SettingsFile(dir.resolve("settings.properties")).update(Map.of(
                Setting.TOTARA_URL.variable(), totara.url().toString(), Setting.TOTARA_KEY.variable(), KEY));
        host = ConsoleFixture.freshHost(dir);
        // listening before the test does: its refresh after an event is done when the test hears of the event
        model = new DashboardViewModel(DirectContext.of(host, page -> { }));
        BlockingQueue<CycleResult> cycles = new LinkedBlockingQueue<>();
        host.addListener(new ServiceListener() {
            @Override
            public void cycleFinished(CycleResult result) {
                cycles.add(result);
            }
        });
        MlService service = host.start(line -> { });
        CycleResult first = cycles.poll(2, TimeUnit.MINUTES);
        assertThat(first).isNotNull();
        assertThat(first.outcome()).isEqualTo(CycleOutcome.OK);

        model.refresh();

        List<FetchRow> fetched = service.history().fetches(first.id());
        CardState fetch = model.fetchProperty().get();
        assertThat(fetch.status()).isEqualTo(CardState.Status.OK);
        assertThat(fetch.headline()).startsWith("Fetched ").endsWith(": " + fetched.size() + " files, "
                + ByteSize.text(fetched.stream().mapToLong(FetchRow::bytes).sum()));
        assertThat(fetch.detail()).contains("from " + totara.url());
        CardState health = model.totaraProperty().get();
        assertThat(health.status()).isEqualTo(CardState.Status.OK);
        assertThat(health.headline()).isEqualTo("Totara answers");
        assertThat(health.detail()).startsWith(totara.url().toString()).doesNotContain(KEY);
        assertThat(model.tenants()).extracting(TenantCard::tenant).containsExactly("0");

        totara.statusReplies(500, "{}");
        model.refreshAll();
        CardState down = model.totaraProperty().get();
        assertThat(down.status()).isEqualTo(CardState.Status.DANGER);
        assertThat(down.headline()).isEqualTo("Totara does not answer");
        assertThat(down.detail()).contains("Totara").doesNotContain(KEY);

        totara.failAll(404);
        assertThat(service.trainNow()).isTrue();
        CycleResult failed = cycles.poll(2, TimeUnit.MINUTES);
        assertThat(failed).isNotNull();
        assertThat(failed.outcome()).isEqualTo(CycleOutcome.FAILED);
        CardState refused = model.fetchProperty().get();
        assertThat(refused.status()).isEqualTo(CardState.Status.DANGER);
        assertThat(refused.headline()).startsWith("Fetch failed at ");
        assertThat(refused.detail()).startsWith("tenants.csv: Totara answered 404").contains("the key differs");
        assertThat(model.tenants()).as("the old model keeps serving").extracting(TenantCard::trained)
                .containsExactly(true);
    }
}
