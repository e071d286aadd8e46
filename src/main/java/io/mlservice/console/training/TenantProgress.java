package io.mlservice.console.training;

import io.mlservice.console.Formats;
import io.mlservice.history.TenantOutcome;
import io.mlservice.model.TrainingPhase;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;

/**
 * One tenant's part of the running cycle as the Training page shows it: the phase it is in and the phases it
 * went through, the training's progress with the time left, the configuration training now, and how it ended.
 * Changed and read on the JavaFX thread.
 */
public final class TenantProgress {
    private final String tenant;
    private final ReadOnlyObjectWrapper<TrainingPhase> phase = new ReadOnlyObjectWrapper<>();
    private final ObservableSet<TrainingPhase> passed = FXCollections.observableSet(new LinkedHashSet<>());
    /** Kept: it holds its listeners only weakly on the set behind it. */
    private final ObservableSet<TrainingPhase> passedView = FXCollections.unmodifiableObservableSet(passed);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper timeLeft = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper configuration = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<TenantOutcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private TimeLeft pace;

    TenantProgress(String tenant) {
        this.tenant = tenant;
    }

    public String tenant() {
        return tenant;
    }

    /**
     * The phase the tenant is in, one of {@link LiveCycle#TENANT_PHASES}; null while it waits for its turn. Once
     * the tenant finished ({@link #outcomeProperty()} set) it is the last phase it entered.
     */
    public ReadOnlyObjectProperty<TrainingPhase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The phases entered so far, in order (the current one included). */
    public ObservableSet<TrainingPhase> passed() {
        return passedView;
    }

    /** The training's progress, 0..1 (search and final fit). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "about 2 min left", "" while there is nothing to judge by. */
    public ReadOnlyStringProperty timeLeftProperty() {
        return timeLeft.getReadOnlyProperty();
    }

    /** The configuration training now, e.g. "candidate 2 (adagrad 0.1, k=64)". */
    public ReadOnlyStringProperty configurationProperty() {
        return configuration.getReadOnlyProperty();
    }

    /** Null while the tenant waits or trains, then how it ended. */
    public ReadOnlyObjectProperty<TenantOutcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** How it ended, for people: the new model's quality, or why the previous model was kept. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public double progress() {
        return progress.get();
    }

    /** Whether the tenant finished (trained, kept its model, had too little data, failed). */
    public boolean done() {
        return outcome.get() != null;
    }

    void enter(TrainingPhase entered, Instant at) {
        phase.set(entered);
        passed.add(entered);
        if (entered == TrainingPhase.SEARCH) {
            pace = new TimeLeft(at, 0);
        }
    }

    void epoch(String configurationLabel, double fraction, Instant at) {
        if (pace == null) {
            // joined a training already under way: judge the pace from here
            pace = new TimeLeft(at, fraction);
        }
        configuration.set(configurationLabel);
        progress.set(Math.max(progress.get(), Math.min(1, fraction)));
        Optional<Duration> left = pace.at(at, progress.get());
        timeLeft.set(left.map(d -> d.isZero() ? "" : "about " + Formats.duration(roundUp(d)) + " left")
                .orElse("estimating time left…"));
    }

    void finish(TenantOutcome how, String why) {
        outcome.set(how);
        message.set(why);
        progress.set(1);
        timeLeft.set("");
        configuration.set("");
    }

    /** Under a minute reads "45 s"; the estimate is rough, so no less than a second. */
    private static Duration roundUp(Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }
}
