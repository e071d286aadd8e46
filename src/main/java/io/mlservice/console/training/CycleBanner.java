package io.mlservice.console.training;

import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.Formats;
import io.mlservice.console.Notices;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleRow;
import io.mlservice.history.TenantOutcome;
import io.mlservice.history.TenantResultRow;
import io.mlservice.service.CycleResult;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.TenantResult;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The banner across the main window when training went wrong: a failed cycle (danger) or tenants that kept their
 * previous model (warning), saying what keeps serving and when the next try is due. The next successful cycle
 * clears it. Watches the service for the console's whole life, whichever page is open; after a start it also
 * reads the history, so a failure from before a restart still shows.
 */
public final class CycleBanner implements ServiceListener {
    /** The notice's id in {@link Notices}. */
    public static final String NOTICE = "training";

    private final ConsoleContext context;
    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    /** The newest cycle the banner reflects; an older one read from the history never overrides it. */
    private final AtomicLong newest = new AtomicLong(-1);

    private CycleBanner(ConsoleContext context) {
        this.context = context;
        this.service = context.service();
        this.tasks = context.tasks();
    }

    /** Starts watching the host's service (across restarts). */
    public static CycleBanner watch(ConsoleContext context) {
        CycleBanner banner = new CycleBanner(context);
        banner.service.addListener(banner);
        banner.service.onStarted(banner::fromHistory);
        banner.service.current().ifPresent(banner::fromHistory);
        return banner;
    }

    @Override
    public void cycleFinished(CycleResult result) {
        if (newest.accumulateAndGet(result.id(), Math::max) != result.id()) {
            return;
        }
        boolean anyServed = service.current().map(s -> !s.models().models().isEmpty()).orElse(false);
        show(result.outcome(), result.message(), kept(result.tenants()), result.nextDue(), anyServed);
    }

    /** The last finished cycle before this start, read in the background. */
    private void fromHistory(RunningService started) {
        tasks.task(() -> {
                    CycleRow last = started.lastFinishedCycle().orElse(null);
                    if (last == null || newest.accumulateAndGet(last.id(), Math::max) != last.id()) {
                        return;
                    }
                    List<Kept> kept = new ArrayList<>();
                    for (TenantResultRow t : started.tenantResults(last.id())) {
                        if (t.outcome() == TenantOutcome.KEPT || t.outcome() == TenantOutcome.FAILED) {
                            kept.add(new Kept(t.tenant(), t.outcome(), t.message()));
                        }
                    }
                    boolean anyServed = !started.models().models().isEmpty();
                    show(last.outcome(), last.message(), kept, started.nextTraining().orElse(null), anyServed);
                })
                // the history is closed (the service stopped again): the next cycle's event decides
                .onFailure(e -> { })
                .start();
    }

    /** A tenant whose new model does not serve: {@code kept} (the previous one does) or {@code failed} (none). */
    record Kept(String tenant, TenantOutcome outcome, String why) {
    }

    private void show(CycleOutcome outcome, String message, List<Kept> kept, Instant nextDue, boolean anyServed) {
        Clock clock = context.clock();
        switch (outcome) {
            case OK -> context.notices().clear(NOTICE);
            case FAILED -> context.notices().post(new Notices.Notice(NOTICE, Notices.Level.DANGER,
                    failedText(message, kept, nextDue, anyServed, clock), "Retry now", this::retryNow));
            case PARTIAL -> context.notices().post(new Notices.Notice(NOTICE, Notices.Level.WARNING,
                    partialText(kept, nextDue, clock), "Show training",
                    () -> context.navigator().show(ConsoleContext.Page.TRAINING)));
            default -> {
                // cancelled or interrupted: nothing new to warn about; an earlier banner stays until a success
            }
        }
    }

    /** Opens the Training page and starts a cycle (off the JavaFX thread). */
    private void retryNow() {
        context.navigator().show(ConsoleContext.Page.TRAINING);
        tasks.run(service::trainNow);
    }

    static String failedText(String message, List<Kept> kept, Instant nextDue, boolean anyServed, Clock clock) {
        StringBuilder text = new StringBuilder("Training failed");
        if (kept.isEmpty()) {
            text.append(": ").append(sentence(message));
        } else {
            text.append(". ").append(tenantsText(kept));
        }
        text.append(anyServed
                ? " The models trained before keep serving recommendations."
                : " No model is serving yet: recommendations answer \"not trained\".");
        text.append(' ').append(retryText(nextDue, clock));
        return text.toString();
    }

    static String partialText(List<Kept> kept, Instant nextDue, Clock clock) {
        return "The last training was partial. " + tenantsText(kept) + " " + retryText(nextDue, clock);
    }

    private static String tenantsText(List<Kept> kept) {
        List<String> parts = new ArrayList<>();
        for (Kept k : kept) {
            parts.add("Tenant " + k.tenant() + (k.outcome() == TenantOutcome.KEPT
                    ? " kept its previous model, which keeps serving"
                    : " has no model") + " (" + k.why() + ")");
        }
        return String.join("; ", parts) + ".";
    }

    private static String retryText(Instant nextDue, Clock clock) {
        if (nextDue == null) {
            return "No retry is scheduled.";
        }
        return "The next try is due at " + Formats.dateTime(nextDue, clock) + " ("
                + Formats.relative(nextDue, clock) + ").";
    }

    private static String sentence(String message) {
        String m = message == null || message.isBlank() ? "no reason was given" : message.strip();
        return m.endsWith(".") ? m : m + ".";
    }

    private static List<Kept> kept(List<TenantResult> tenants) {
        List<Kept> kept = new ArrayList<>();
        for (TenantResult t : tenants) {
            if (t.outcome() == TenantOutcome.KEPT || t.outcome() == TenantOutcome.FAILED) {
                kept.add(new Kept(t.tenant(), t.outcome(), t.message()));
            }
        }
        return kept;
    }
}
