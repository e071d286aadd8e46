package io.mlservice.console.dashboard;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.console.ConsoleContext.Page;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.DirectContext;
import io.mlservice.console.EaseFigures;
import io.mlservice.console.Formats;
import io.mlservice.console.ServiceHost;
import io.mlservice.history.ApiMinuteRow;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleRow;
import io.mlservice.history.CycleTrigger;
import io.mlservice.history.TenantOutcome;
import io.mlservice.history.TenantResultRow;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TrainingReport;
import io.mlservice.service.CycleResult;
import io.mlservice.service.MlService;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.SignedClient;
import io.mlservice.serving.ModelRegistry;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's view model without a toolkit, over a real service on the demo dataset: UI and background work run
 * directly on the calling thread.
 */
class DashboardViewModelTest {
    @TempDir
    static Path dir;
    static ServiceHost host;
    static MlService service;
    /** Made before the service started: it learns of the trained model from the service's events alone. */
    static DashboardViewModel early;

    final List<Page> navigated = new ArrayList<>();
    final List<DashboardViewModel> models = new ArrayList<>();

    @BeforeAll
    static void startAndTrainOnce() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        early = new DashboardViewModel(DirectContext.of(host, page -> { }));
        CountDownLatch trained = new CountDownLatch(1);
        host.addListener(new ServiceListener() {
            @Override
            public void cycleFinished(CycleResult result) {
                trained.countDown();
            }
        });
        service = host.start(line -> { });
        assertThat(trained.await(2, TimeUnit.MINUTES)).as("the first cycle finished").isTrue();
    }

    @AfterAll
    static void stop() {
        early.close();
        host.stop();
    }

    @AfterEach
    void close() {
        models.forEach(DashboardViewModel::close);
    }

    @Test
    void theModelCardsFollowTheServicesEventsWithoutARefresh() {
        assertThat(early.tenants()).extracting(TenantCard::tenant).containsExactly("0");
        assertThat(early.tenants().get(0).trained()).isTrue();
        assertThat(early.runningProperty().get()).isTrue();
    }

    @Test
    void showsEachTenantsServingModelWithTheNumbersTheHistoryKept() {
        DashboardViewModel model = refreshed();

        ModelRegistry.Entry served = service.registry().snapshot().tenant("0").orElseThrow();
        TenantModel m = served.model();
        CycleRow cycle = service.history().recentCycles(1).get(0);
        TenantResultRow row = service.history().tenantResults(cycle.id()).get(0);
        TenantCard card = model.tenants().get(0);
        assertThat(card.tenant()).isEqualTo("0");
        assertThat(card.trained()).isTrue();
        assertThat(card.users()).isEqualTo(m.userIds().size()).isEqualTo(row.users()).isPositive();
        assertThat(card.items()).isEqualTo(m.itemIds().size()).isEqualTo(row.items()).isPositive();
        assertThat(card.interactions()).isEqualTo(m.interactions().size()).isEqualTo(row.interactions());
        assertThat(card.algorithm()).isEqualTo("hybrid");
        assertThat(card.origin()).as("a first training is a full search").isNotNull();
        assertThat(card.origin().warm()).isFalse();
        assertThat(card.precision10()).isEqualTo(row.precision10()).isBetween(0.0, 1.0);
        assertThat(card.popularityPrecision10()).isEqualTo(row.popularityPrecision10()).isBetween(0.0, 1.0);
        assertThat(row.easeMeasured()).as("EASE^R runs on the demo's items").isTrue();
        assertThat(card.easePrecision10()).isEqualTo(row.easePrecision10())
                .isEqualTo(m.report().ease().precision()).isBetween(0.0, 1.0);
        assertThat(card.easeNote()).isNull();
        assertThat(card.auc()).isEqualTo(row.auc()).isGreaterThan(0.55);
        assertThat(card.trainedAt()).isBetween(cycle.started().truncatedTo(ChronoUnit.SECONDS), cycle.finished());
        assertThat(card.servingSince()).isEqualTo(served.since());
        assertThat(card.note()).isNull();
        assertThat(model.modelsNoteProperty().get()).isEmpty();
    }

    @Test
    void aCycleThatKeptTheServingModelIsNoted() {
        ModelRegistry.Entry served = service.registry().snapshot().tenant("0").orElseThrow();
        TenantResultRow trainedRow = service.history().tenantResults(
                service.history().recentCycles(1).get(0).id()).get(0);
        TenantResultRow keptRow = TenantResultRow.withoutModel("0", TenantOutcome.KEPT,
                "the new model scored below the floor (AUC 0.51)", "hybrid", 10, 10, 10);
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        List<TenantCard.CycleResults> newestFirst = List.of(
                new TenantCard.CycleResults(new CycleRow(2, t, t, CycleTrigger.SCHEDULE, "x", CycleOutcome.PARTIAL, ""),
                        List.of(keptRow)),
                new TenantCard.CycleResults(new CycleRow(1, t, t, CycleTrigger.STARTUP, "x", CycleOutcome.OK, ""), List.of(trainedRow)));

        TenantCard card = TenantCard.of(served, newestFirst);
        assertThat(card.note()).isEqualTo("The last cycle kept this model: the new model scored below the floor "
                + "(AUC 0.51)");
        assertThat(card.users()).as("the numbers of the model that serves").isEqualTo(trainedRow.users());

        TenantCard untrained = TenantCard.of(ModelRegistry.Entry.untrained("7", "too little data: 3 interactions",
                t), List.of());
        assertThat(untrained.trained()).isFalse();
        assertThat(untrained.message()).isEqualTo("too little data: 3 interactions");
    }

    @Test
    void easesFigureComesFromTheHistoryOrTheServingModelAndSaysWhyWhenNeitherHasIt() {
        ModelRegistry.Entry served = service.registry().snapshot().tenant("0").orElseThrow();
        TenantResultRow row = service.history().tenantResults(service.history().recentCycles(1).get(0).id()).get(0);
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        CycleRow cycle = new CycleRow(1, t, t, CycleTrigger.STARTUP, "x", CycleOutcome.OK, "");
        // a row recorded before the history kept EASE^R
        TenantResultRow oldRow = new TenantResultRow(row.tenant(), row.outcome(), row.message(), row.algorithm(),
                row.users(), row.items(), row.interactions(), row.epochs(), row.components(), row.auc(),
                row.precision10(), row.recall10(), row.popularityPrecision10(), Double.NaN, Double.NaN, Double.NaN,
                row.trainingMillis(), row.hyperParameters(), row.modelFile());

        TenantCard fromReport = TenantCard.of(served, List.of(new TenantCard.CycleResults(cycle, List.of(oldRow))));
        assertThat(fromReport.easePrecision10()).as("the serving model's own report")
                .isEqualTo(served.model().report().ease().precision()).isBetween(0.0, 1.0);
        assertThat(fromReport.easeNote()).isNull();

        // a model file that never measured EASE^R (format 1), and no history
        TenantModel m = served.model();
        TrainingReport r = m.report();
        TenantModel unmeasured = new TenantModel(m.tenant(), m.userIds(), m.itemIds(), m.itemTypes(),
                m.userFeatures(), m.itemFeatures(), m.interactions(), m.model(), new TrainingReport(r.algorithm(),
                r.chosen(), r.heldOut(), r.popularity(), r.searchEpochs(), r.searchCandidates(),
                r.trainedAtEpochSeconds(), r.trainingMillis()));
        ModelRegistry.Entry old = ModelRegistry.Entry.trained(unmeasured, t);
        for (TenantCard card : List.of(TenantCard.of(old, List.of()),
                TenantCard.of(old, List.of(new TenantCard.CycleResults(cycle, List.of(oldRow)))))) {
            assertThat(card.easePrecision10()).isNaN();
            assertThat(card.precision10()).isEqualTo(row.precision10());
            assertThat(card.easeNote()).startsWith("EASE^R was not measured on this training's split.")
                    .contains("would not fit in the service's heap (for " + Formats.count(m.itemIds().size())
                            + " items it needs about ")
                    .contains("before the service measured EASE^R");
        }
        assertThat(EaseFigures.figure(Double.NaN)).isEqualTo("not measured");
    }

    @Test
    void theApiCardSaysWhereItListensAndThatLoopbackStaysOnThisComputer() {
        DashboardViewModel model = refreshed();

        CardState api = model.apiProperty().get();
        assertThat(api.status()).isEqualTo(CardState.Status.OK);
        assertThat(api.headline()).isEqualTo("Listening on " + service.baseUri());
        assertThat(api.detail()).isEqualTo("ML_BIND 127.0.0.1:0 · reachable from this computer only");
        assertThat(model.apiWarningProperty().get()).isEmpty();
    }

    @Test
    void theScheduleSaysWhenTheNextTrainingIs() {
        DashboardViewModel model = refreshed();

        CardState schedule = model.scheduleProperty().get();
        Instant next = service.nextTraining().orElseThrow();
        assertThat(model.trainingProperty().get()).isFalse();
        assertThat(schedule.headline()).startsWith("Next training ").contains("(in 23 h");
        assertThat(schedule.detail()).startsWith("Trains every day · last finished ");
        assertThat(Duration.between(service.status().lastTraining().orElseThrow(), next)).hasMinutes(1440);
    }

    @Test
    void theDemoFetchesNothingAndHasNoTotara() {
        DashboardViewModel model = refreshed();

        CardState fetch = model.fetchProperty().get();
        assertThat(fetch.headline()).isEqualTo("Exports come from a folder");
        assertThat(fetch.detail()).startsWith("Nothing is fetched from Totara: the service reads the built-in demo "
                + "dataset. Last read ").contains(": ok");
        assertThat(model.totaraProperty().get().headline()).isEqualTo("No Totara configured (demo dataset)");
        assertThat(model.checkingTotaraProperty().get()).isFalse();
    }

    @Test
    void trafficShowsTheRequestsAndLatencyOfTheRunningMinute() throws Exception {
        DashboardViewModel model = refreshed();
        long before = requests(model);
        String key = new SettingsFile(dir.resolve("settings.properties")).read().get(Setting.TOTARA_KEY.variable());
        SignedClient client = new SignedClient(service.baseUri(), key);
        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/user-items?tenant=0&totara_user_id=1&n_items=5&item_type=container_course")
                    .status()).isEqualTo(200);
        }
        model.refresh();

        assertThat(requests(model) - before).isEqualTo(5);
        assertThat(model.traffic()).hasSize(60);
        TrafficPoint busiest = model.traffic().stream().filter(p -> p.requests() > 0)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(busiest.perMinute()).isPositive();
        assertThat(busiest.p50Millis()).isPositive();
        assertThat(busiest.p99Millis()).isGreaterThanOrEqualTo(busiest.p50Millis());
    }

    @Test
    void trafficStartsWithTheHistorysMinutesOfTheLastHour() {
        Instant now = Instant.now();
        Instant tenMinutesAgo = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
        service.history().recordApiMinutes(List.of(
                new ApiMinuteRow(tenMinutesAgo, "/user-items", 40, 0, 1, 1.5, 7.0, 9.0),
                new ApiMinuteRow(tenMinutesAgo, "/similar-items", 2, 0, 0, 3.5, 4.0, 4.0),
                new ApiMinuteRow(now.minus(Duration.ofHours(2)), "/user-items", 99, 0, 0, 1, 1, 1)));

        DashboardViewModel model = refreshed();

        TrafficPoint then = model.traffic().stream().filter(p -> p.minute().equals(tenMinutesAgo)).findFirst()
                .orElseThrow();
        assertThat(then.requests()).isEqualTo(42);
        assertThat(then.perMinute()).isEqualTo(42.0);
        assertThat(then.p50Millis()).as("weighted by requests").isCloseTo((40 * 1.5 + 2 * 3.5) / 42,
                Offset.offset(1e-9));
        assertThat(then.p99Millis()).as("the highest endpoint's").isEqualTo(7.0);
        assertThat(model.traffic()).noneMatch(p -> p.requests() == 99);
        assertThat(model.traffic().get(0).minute()).isAfter(now.minus(Duration.ofHours(1)));
    }

    @Test
    void trainNowStartsACycleAndOpensTheTrainingPage() throws Exception {
        DashboardViewModel model = refreshed();
        CountDownLatch finished = new CountDownLatch(1);
        ServiceListener done = new ServiceListener() {
            @Override
            public void cycleFinished(CycleResult result) {
                finished.countDown();
            }
        };
        host.addListener(done);
        long cycles = service.history().recentCycles(100).size();
        try {
            model.trainNow();
            assertThat(navigated).containsExactly(Page.TRAINING);
            assertThat(finished.await(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            host.removeListener(done);
        }
        assertThat(service.history().recentCycles(100)).hasSize((int) cycles + 1)
                .first().satisfies(c -> assertThat(c.trigger()).isEqualTo(CycleTrigger.MANUAL));
    }

    @Test
    void withoutARunningServiceItSaysSo() {
        ServiceHost stopped = ConsoleFixture.freshHost(dir.resolve("never-started"));
        DashboardViewModel model = new DashboardViewModel(DirectContext.of(stopped, navigated::add));
        models.add(model);
        model.refresh();

        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.apiProperty().get().headline()).isEqualTo("Service not running");
        assertThat(model.modelsNoteProperty().get()).isNotEmpty();
        assertThat(model.tenants()).isEmpty();
        model.trainNow();
        assertThat(navigated).isEmpty();
    }

    private DashboardViewModel refreshed() {
        DashboardViewModel model = new DashboardViewModel(DirectContext.of(host, navigated::add));
        models.add(model);
        model.refresh();
        return model;
    }

    private static long requests(DashboardViewModel model) {
        return model.traffic().stream().mapToLong(TrafficPoint::requests).sum();
    }
}
