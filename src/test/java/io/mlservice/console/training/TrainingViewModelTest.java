package io.mlservice.console.training;

import io.mlservice.service.CycleWatch;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.DirectContext;
import io.mlservice.console.EaseFigures;
import io.mlservice.console.Formats;
import io.mlservice.console.Notices;
import io.mlservice.console.ServiceHost;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleRow;
import io.mlservice.history.CycleTrigger;
import io.mlservice.history.TenantOutcome;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingPhase;
import io.mlservice.service.CycleResult;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.TenantResult;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The Training page's view model over a real service on the demo dataset, without a toolkit. */
class TrainingViewModelTest {
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

    private ConsoleContext context(Executor ui) {
        return DirectContext.of(host, ui, new Notices(Runnable::run), page -> { });
    }

    @Test
    void trainNowIsFollowedPhaseByPhaseIntoTheHistory() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        model = new TrainingViewModel(context(Runnable::run));
        CycleWatch cycles = new CycleWatch();
        host.addListener(cycles);

        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.canTrainProperty().get()).isFalse();
        assertThat(model.statusProperty().get()).contains("not running");

        host.start(line -> { });
        CycleResult startup = cycles.next();
        assertThat(startup.outcome()).isEqualTo(CycleOutcome.OK);
        assertThat(model.runningProperty().get()).isTrue();
        assertThat(model.history().cycles()).extracting(CycleRow::trigger, CycleRow::outcome)
                .containsExactly(tuple(CycleTrigger.STARTUP, CycleOutcome.OK));
        assertThat(model.canTrainProperty().get()).isTrue();
        assertThat(model.canCancelProperty().get()).isFalse();

        List<Double> progress = Collections.synchronizedList(new ArrayList<>());
        model.live().tenants().addListener((ListChangeListener<TenantProgress>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(t -> t.progressProperty().addListener(
                        (obs, was, now) -> progress.add(now.doubleValue())));
            }
        });

        model.trainNow();
        CycleResult manual = cycles.next();

        assertThat(manual.trigger()).isEqualTo(CycleTrigger.MANUAL);
        assertThat(manual.outcome()).isEqualTo(CycleOutcome.OK);
        assertThat(model.live().cyclePhases()).containsExactly(TrainingPhase.FETCH, TrainingPhase.PREPARE);
        assertThat(model.live().outcomeProperty().get()).isEqualTo(CycleOutcome.OK);
        assertThat(model.live().cycleTitleProperty().get()).contains("Cycle " + manual.id()).contains("manual");
        assertThat(model.live().tenants()).extracting(TenantProgress::tenant).containsExactly("0");
        TenantProgress tenant = model.live().tenants().get(0);
        assertThat(tenant.passed()).containsExactlyElementsOf(LiveCycle.TENANT_PHASES);
        assertThat(tenant.outcomeProperty().get()).isEqualTo(TenantOutcome.TRAINED);
        assertThat(tenant.messageProperty().get()).startsWith("Trained and serving: held-out AUC ")
                .contains(" for popularity and " + Formats.metric(manual.tenants().get(0).report().ease().precision())
                        + " for EASE^R.");
        assertThat(tenant.progress()).isEqualTo(1.0);
        assertThat(progress).as("progress on the way").anyMatch(p -> p > 0 && p < 1);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);

        // the fixed configuration trains 4 epochs, then the final fit 4 more
        assertThat(model.curves().showingLiveProperty().get()).isTrue();
        assertThat(model.curves().tenantProperty().get()).isEqualTo("0");
        assertThat(model.curves().curves()).extracting(Curve::label)
                .satisfiesExactly(l -> assertThat(l).startsWith("candidate 1 ("),
                        l -> assertThat(l).startsWith("final fit ("));
        assertThat(model.curves().curves()).allSatisfy(c -> assertThat(c.points()).hasSize(4)
                .allSatisfy(e -> assertThat(e.meanLoss()).isFinite()));

        assertThat(model.live().trainingProperty().get()).isFalse();
        assertThat(model.history().cycles()).hasSize(2);
        assertThat(model.history().cycles().get(0)).satisfies(c -> {
            assertThat(c.id()).isEqualTo(manual.id());
            assertThat(c.trigger()).isEqualTo(CycleTrigger.MANUAL);
            assertThat(c.outcome()).isEqualTo(CycleOutcome.OK);
            assertThat(c.finished()).isNotNull();
        });
        assertThat(model.statusProperty().get()).startsWith("Idle. Next training");
    }

    @Test
    void aPastCycleDrillsDownIntoItsTenantsAndCurves() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        model = new TrainingViewModel(context(Runnable::run));
        CycleWatch cycles = new CycleWatch();
        host.addListener(cycles);
        host.start(line -> { });
        CycleResult startup = cycles.next();
        List<String> liveLabels = model.curves().curves().stream().map(Curve::label).toList();
        List<Integer> liveSizes = model.curves().curves().stream().map(c -> c.points().size()).toList();
        assertThat(liveLabels).isNotEmpty();

        model.select(model.history().cycles().get(0));

        assertThat(model.history().selectedProperty().get().id()).isEqualTo(startup.id());
        assertThat(model.curves().showingLiveProperty().get()).isFalse();
        assertThat(model.curves().sourceProperty().get()).startsWith("Cycle " + startup.id());
        assertThat(model.history().tenants()).singleElement().satisfies(t -> {
            assertThat(t.tenant()).isEqualTo("0");
            assertThat(t.outcome()).isEqualTo(TenantOutcome.TRAINED);
            assertThat(t.users()).isPositive();
            assertThat(t.items()).isPositive();
            assertThat(t.interactions()).isPositive();
            assertThat(t.auc()).isBetween(0.55, 1.0);
            assertThat(t.precision10()).isBetween(0.0, 1.0);
            assertThat(t.popularityPrecision10()).isBetween(0.0, 1.0);
            assertThat(t.easeAuc()).isBetween(0.5, 1.0);
            assertThat(t.easePrecision10()).isBetween(0.0, 1.0);
            assertThat(t.easeRecall10()).isBetween(0.0, 1.0);
            assertThat(EaseFigures.ofResult(t)).isEqualTo(Formats.metric(t.easeAuc()) + " / "
                    + Formats.metric(t.easePrecision10()) + " / " + Formats.metric(t.easeRecall10()));
            assertThat(EaseFigures.whyNotMeasured(t)).isNull();
            assertThat(t.hyperParameters()).contains("k=16").contains("epochs=4");
            assertThat(t.modelFile()).startsWith("model-").endsWith(".mlm");
        });
        assertThat(model.history().fetches()).as("a folder export is not fetched").isEmpty();
        assertThat(model.curves().tenants()).containsExactly("0");
        assertThat(model.curves().curves()).extracting(Curve::label).containsExactlyElementsOf(liveLabels);
        assertThat(model.curves().curves()).extracting(c -> c.points().size()).containsExactlyElementsOf(liveSizes);

        model.showLive();
        assertThat(model.history().selectedProperty().get()).isNull();
        assertThat(model.history().tenants()).isEmpty();
        assertThat(model.curves().showingLiveProperty().get()).isTrue();
        assertThat(model.curves().curves()).extracting(Curve::label).containsExactlyElementsOf(liveLabels);
    }

    @Test
    void cancelStopsTheRunningCycle() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        model = new TrainingViewModel(context(Runnable::run));
        CycleWatch cycles = new CycleWatch();
        host.addListener(cycles);
        host.start(line -> { });
        cycles.next();

        // hold the training at its first epoch until Cancel was pressed
        CountDownLatch epochSeen = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        host.addListener(new ServiceListener() {
            @Override
            public void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                              Metrics heldOut, double fraction) {
                epochSeen.countDown();
                try {
                    cancelled.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        model.trainNow();
        assertThat(epochSeen.await(1, TimeUnit.MINUTES)).isTrue();
        assertThat(model.live().trainingProperty().get()).isTrue();
        assertThat(model.canTrainProperty().get()).isFalse();
        assertThat(model.canCancelProperty().get()).isTrue();

        model.cancel();
        assertThat(model.canCancelProperty().get()).isFalse();
        assertThat(model.statusProperty().get()).startsWith("Cancelling");
        cancelled.countDown();
        CycleResult result = cycles.next();

        assertThat(result.outcome()).isEqualTo(CycleOutcome.CANCELLED);
        assertThat(model.live().outcomeProperty().get()).isEqualTo(CycleOutcome.CANCELLED);
        assertThat(model.live().trainingProperty().get()).isFalse();
        assertThat(model.live().cancellingProperty().get()).isFalse();
        assertThat(model.canTrainProperty().get()).isTrue();
        assertThat(model.live().tenants().get(0).outcomeProperty().get()).as("the tenant never finished").isNull();
        assertThat(model.history().cycles().get(0).outcome()).isEqualTo(CycleOutcome.CANCELLED);
        assertThat(host.service().registry().snapshot().tenant("0").orElseThrow().trained())
                .as("the startup model keeps serving").isTrue();
    }

    @Test
    void frequentEpochsArePublishedAtMostTenTimesASecond() {
        host = ConsoleFixture.freshHost(dir);
        AtomicInteger uiRuns = new AtomicInteger();
        model = new TrainingViewModel(context(r -> {
            uiRuns.incrementAndGet();
            r.run();
        }));
        ServiceListener events = model.listener();
        events.cycleStarted(7, CycleTrigger.MANUAL);
        events.phase(7, null, TrainingPhase.FETCH);
        events.phase(7, null, TrainingPhase.PREPARE);
        events.phase(7, "a", TrainingPhase.PREPARE);
        events.phase(7, "a", TrainingPhase.SEARCH);
        assertThat(model.live().tenants()).extracting(TenantProgress::tenant).containsExactly("a");

        HyperParameters hp = HyperParameters.defaults();
        int epochs = 1_000;
        int before = uiRuns.get();
        long started = System.nanoTime();
        for (int i = 0; i < epochs; i++) {
            int candidate = i % 4;
            EpochStats stats = new EpochStats(i / 4 + 1, 100, 50, 1.0 / (i + 1), 1_000, 1_000L * (i + 1));
            events.epoch(7, "a", candidate, hp.withComponents(16 * (candidate + 1)), stats,
                    new Metrics(0.6 + i * 1e-4, 0.1, 0.2, 10, 100), 0.8 * (i + 1) / epochs);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        int publishes = uiRuns.get() - before;
        events.phase(7, "a", TrainingPhase.EVALUATE);

        assertThat(publishes).as("publications in %d ms", elapsedMillis)
                .isLessThanOrEqualTo(2 + (int) (elapsedMillis / TrainingViewModel.PUBLISH_INTERVAL.toMillis()));
        assertThat(model.curves().curves()).hasSize(4);
        assertThat(model.curves().curves()).allSatisfy(c -> assertThat(c.points()).hasSize(epochs / 4));
        assertThat(model.curves().curves().get(0).label()).isEqualTo("candidate 1 (adagrad 0.1, k=16)");
        assertThat(model.curves().curves().get(0).points()).extracting(e -> e.epoch())
                .startsWith(1, 2, 3).endsWith(epochs / 4);
        TenantProgress a = model.live().tenants().get(0);
        assertThat(a.progress()).isEqualTo(0.8);
        assertThat(a.phaseProperty().get()).isEqualTo(TrainingPhase.EVALUATE);
        assertThat(a.configurationProperty().get()).startsWith("candidate 4");

        events.tenantFinished(7, new TenantResult("a", TenantOutcome.KEPT, "below the floor", 10, 10, 10,
                null, null, 5));
        events.cycleFinished(new CycleResult(7, CycleTrigger.MANUAL, Instant.now(), Instant.now(),
                CycleOutcome.FAILED, "0 trained, 1 kept the previous model", List.of(), null));
        assertThat(a.outcomeProperty().get()).isEqualTo(TenantOutcome.KEPT);
        assertThat(a.progress()).isEqualTo(1.0);
        assertThat(model.live().outcomeProperty().get()).isEqualTo(CycleOutcome.FAILED);
        assertThat(model.live().trainingProperty().get()).isFalse();
    }

    @Test
    void withoutAServiceNothingCanBeStarted() {
        host = ConsoleFixture.freshHost(dir);
        model = new TrainingViewModel(context(Runnable::run));
        model.trainNow();
        assertThat(model.feedbackProperty().get()).isEqualTo("The service is not running.");
        assertThat(model.canTrainProperty().get()).isFalse();
        assertThat(model.canCancelProperty().get()).isFalse();
        assertThat(model.history().cycles()).isEmpty();
        assertThat(model.live().tenants()).isEmpty();
    }
}
