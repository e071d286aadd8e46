package io.mlservice.console.training;

import atlantafx.base.theme.Styles;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.TenantOutcome;
import io.mlservice.model.TrainingPhase;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Training page's card of the running cycle: its steps, each tenant's phase, progress and time left. */
final class LiveCycleCard {
    private final LiveCycle live;
    private final VBox tenantRows = new VBox(10);
    private final HBox steps = new HBox(14);
    private final VBox root;

    LiveCycleCard(LiveCycle live) {
        this.live = live;
        Label title = new Label("Current cycle");
        title.getStyleClass().add("card-title");
        Label cycle = new Label();
        cycle.setId("cycle-title");
        cycle.textProperty().bind(live.cycleTitleProperty());
        cycle.getStyleClass().add(Styles.TEXT_MUTED);
        HBox heading = new HBox(12, title, cycle);
        heading.setAlignment(Pos.BASELINE_LEFT);

        steps.setId("cycle-steps");
        live.stepProperty().addListener((obs, was, now) -> showCycleSteps());
        live.cyclePhases().addListener((SetChangeListener<TrainingPhase>) c -> showCycleSteps());
        live.outcomeProperty().addListener((obs, was, now) -> showCycleSteps());
        live.tenants().addListener((ListChangeListener<TenantProgress>) c -> showCycleSteps());
        showCycleSteps();

        Label message = new Label();
        message.setId("cycle-message");
        message.setWrapText(true);
        message.textProperty().bind(live.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        live.outcomeProperty().addListener((obs, was, now) ->
                OutcomeStyles.apply(message, now == null ? null : OutcomeStyles.of(now)));

        tenantRows.setId("live-tenants");
        live.tenants().addListener((ListChangeListener<TenantProgress>) c -> showTenants());
        showTenants();

        root = new VBox(10, heading, steps, tenantRows, message);
        root.setId("live-cycle");
        root.getStyleClass().add("card");
    }

    Node root() {
        return root;
    }

    private void showCycleSteps() {
        steps.getChildren().setAll(cycleSteps());
    }

    private List<Node> cycleSteps() {
        CycleStep current = live.stepProperty().get();
        CycleOutcome outcome = live.outcomeProperty().get();
        List<Node> labels = new ArrayList<>();
        // tenants train only after the export was fetched and prepared (also when this page joined late)
        boolean trained = live.tenants().stream().anyMatch(t -> !t.passed().isEmpty());
        CycleStep stoppedIn = !trained && (outcome == CycleOutcome.FAILED || outcome == CycleOutcome.CANCELLED
                || outcome == CycleOutcome.INTERRUPTED)
                ? live.cyclePhases().stream().reduce((a, b) -> b).flatMap(CycleStep::of).orElse(null) : null;
        for (CycleStep step : CycleStep.SHOWN) {
            if (step == stoppedIn) {
                Label failed = new Label("✗ " + step.label());
                failed.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD);
                labels.add(failed);
            } else {
                boolean passed = trained || live.cyclePhases().stream()
                        .anyMatch(p -> CycleStep.of(p).orElse(null) == step);
                labels.add(step(step.label(), step == current, passed));
            }
        }
        if (outcome != null) {
            Label result = new Label("→ " + outcome.id());
            result.getStyleClass().add(Styles.TEXT_BOLD);
            OutcomeStyles.apply(result, OutcomeStyles.of(outcome));
            labels.add(result);
        }
        return labels;
    }

    private void showTenants() {
        tenantRows.getChildren().clear();
        if (live.tenants().isEmpty()) {
            Label none = new Label("Each tenant's phase, progress and time left show here while a cycle runs.");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            tenantRows.getChildren().add(none);
            return;
        }
        for (TenantProgress t : live.tenants()) {
            tenantRows.getChildren().add(tenantRow(t));
        }
    }

    private Node tenantRow(TenantProgress t) {
        Label name = new Label("Tenant " + t.tenant());
        name.getStyleClass().add(Styles.TEXT_BOLD);
        name.setMinWidth(Region.USE_PREF_SIZE);

        ProgressBar bar = new ProgressBar();
        bar.setId("progress-" + t.tenant());
        // preparing a large tenant takes a while before the first epoch: show that something is happening
        bar.progressProperty().bind(Bindings.when(t.phaseProperty().isEqualTo(TrainingPhase.PREPARE)
                        .and(t.outcomeProperty().isNull()))
                .then(ProgressBar.INDETERMINATE_PROGRESS).otherwise(t.progressProperty()));
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);

        Label percent = new Label();
        percent.textProperty().bind(t.progressProperty().multiply(100).asString(Locale.ROOT, "%.0f%%"));
        percent.setMinWidth(48);
        Label left = new Label();
        left.setId("time-left-" + t.tenant());
        left.textProperty().bind(t.timeLeftProperty());
        left.getStyleClass().add(Styles.TEXT_MUTED);
        left.setMinWidth(160);

        HBox line = new HBox(14, name, bar, percent, left);
        line.setAlignment(Pos.CENTER_LEFT);

        HBox tenantSteps = new HBox(12);
        Runnable showSteps = () -> {
            tenantSteps.getChildren().clear();
            for (TrainingPhase phase : LiveCycle.TENANT_PHASES) {
                tenantSteps.getChildren().add(step(phase.label(), !t.done() && phase == t.phaseProperty().get(),
                        t.passed().contains(phase)));
            }
        };
        t.phaseProperty().addListener((obs, was, now) -> showSteps.run());
        t.outcomeProperty().addListener((obs, was, now) -> showSteps.run());
        t.passed().addListener((SetChangeListener<TrainingPhase>) c -> {
            showSteps.run();
            showCycleSteps();
        });
        showSteps.run();

        Label detail = new Label();
        detail.setWrapText(true);
        Runnable showDetail = () -> {
            TenantOutcome outcome = t.outcomeProperty().get();
            if (outcome == null) {
                detail.setText(t.configurationProperty().get().isEmpty() ? ""
                        : "Training " + t.configurationProperty().get());
                OutcomeStyles.apply(detail, null);
            } else {
                detail.setText(t.messageProperty().get());
                OutcomeStyles.apply(detail, OutcomeStyles.of(outcome));
            }
        };
        t.configurationProperty().addListener((obs, was, now) -> showDetail.run());
        t.outcomeProperty().addListener((obs, was, now) -> showDetail.run());
        showDetail.run();

        detail.managedProperty().bind(detail.textProperty().isNotEmpty());
        detail.visibleProperty().bind(detail.managedProperty());
        VBox row = new VBox(6, line, tenantSteps, detail);
        row.setId("tenant-" + t.tenant());
        return row;
    }

    private static Label step(String name, boolean current, boolean passed) {
        Label label;
        if (current) {
            label = new Label("● " + name);
            label.getStyleClass().addAll(Styles.ACCENT, Styles.TEXT_BOLD);
        } else if (passed) {
            label = new Label("✓ " + name);
            label.getStyleClass().add(Styles.SUCCESS);
        } else {
            label = new Label("○ " + name);
            label.getStyleClass().add(Styles.TEXT_MUTED);
        }
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}
