package io.mlservice.console.training;

import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.RunningService;
import io.mlservice.history.CycleRow;
import io.mlservice.history.FetchRow;
import io.mlservice.history.TenantResultRow;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The history table of the Training page and its drill-down: the recent cycles, the one selected, its tenants and
 * fetches, read in the background (a newer read supersedes an older one). Changed and read on the UI thread.
 */
public final class CycleHistory {
    /** How many past cycles the table shows. */
    static final int ROWS = 100;

    /** What the drill-down read of one cycle. */
    record Details(List<TenantResultRow> tenants, List<FetchRow> fetches, EpochCurves epochs) {
    }

    private final BackgroundTasks tasks;
    private final BackgroundTasks.Latest cycleReads = new BackgroundTasks.Latest();
    private final BackgroundTasks.Latest detailReads = new BackgroundTasks.Latest();
    private final ObservableList<CycleRow> cycles = FXCollections.observableArrayList();
    private final ObservableList<CycleRow> cyclesView = FXCollections.unmodifiableObservableList(cycles);
    private final ReadOnlyObjectWrapper<CycleRow> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<TenantResultRow> tenants = FXCollections.observableArrayList();
    private final ObservableList<TenantResultRow> tenantsView = FXCollections.unmodifiableObservableList(tenants);
    private final ObservableList<FetchRow> fetches = FXCollections.observableArrayList();
    private final ObservableList<FetchRow> fetchesView = FXCollections.unmodifiableObservableList(fetches);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Reading the history…");

    CycleHistory(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    /** Past cycles, newest first (the running one too). */
    public ObservableList<CycleRow> cycles() {
        return cyclesView;
    }

    public ReadOnlyObjectProperty<CycleRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected cycle's tenants. */
    public ObservableList<TenantResultRow> tenants() {
        return tenantsView;
    }

    /** The selected cycle's export fetches (none for a folder export). */
    public ObservableList<FetchRow> fetches() {
        return fetchesView;
    }

    /** Why the table is empty, or that it could not be read; "" when it shows rows. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * Reads the recent cycles again.
     *
     * @param changed receives the fresh row of the selected cycle when it changed (it finished)
     */
    void refresh(Optional<RunningService> service, Consumer<CycleRow> changed) {
        if (service.isEmpty()) {
            message.set("The history shows once the service runs.");
            return;
        }
        RunningService s = service.get();
        tasks.task(() -> s.recentCycles(ROWS))
                .latestOf(cycleReads)
                .onSuccess(rows -> show(rows, changed))
                .onFailure(e -> message.set("The history could not be read: " + e.getMessage()))
                .start();
    }

    /** Selects a cycle and reads its tenants, fetches and epochs; {@code then} gets them, or why not. */
    void select(CycleRow cycle, RunningService service, Consumer<Details> then, Consumer<String> failed) {
        selected.set(cycle);
        tasks.task(() -> {
                    EpochCurves epochs = new EpochCurves();
                    epochs.addAll(service.cycleEpochs(cycle.id()));
                    return new Details(service.tenantResults(cycle.id()), service.fetches(cycle.id()), epochs);
                })
                .latestOf(detailReads)
                .onSuccess(details -> {
                    tenants.setAll(details.tenants());
                    fetches.setAll(details.fetches());
                    then.accept(details);
                })
                .onFailure(e -> failed.accept(e.getMessage()))
                .start();
    }

    boolean isSelected(CycleRow cycle) {
        return cycle.equals(selected.get());
    }

    /** Leaves the drill-down; a read under way is dropped. */
    void clearSelection() {
        detailReads.supersede();
        selected.set(null);
        tenants.clear();
        fetches.clear();
    }

    private void show(List<CycleRow> rows, Consumer<CycleRow> changed) {
        cycles.setAll(rows);
        message.set(rows.isEmpty() ? "No training cycle has run yet." : "");
        CycleRow current = selected.get();
        if (current == null) {
            return;
        }
        rows.stream().filter(r -> r.id() == current.id()).findFirst().ifPresent(fresh -> {
            if (!fresh.equals(current)) {
                changed.accept(fresh);
            }
        });
    }
}
