package io.mlservice.console.training;

import atlantafx.base.theme.Styles;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.TenantOutcome;
import javafx.scene.control.Label;

import java.util.List;

/** The colour of an outcome on the Training page: good, kept an old model, failed, still running. */
final class OutcomeStyles {
    private static final List<String> ALL = List.of(Styles.SUCCESS, Styles.WARNING, Styles.DANGER, Styles.ACCENT,
            Styles.TEXT_MUTED);

    private OutcomeStyles() {
    }

    static String of(CycleOutcome outcome) {
        return switch (outcome) {
            case OK -> Styles.SUCCESS;
            case PARTIAL, CANCELLED, INTERRUPTED -> Styles.WARNING;
            case FAILED -> Styles.DANGER;
            case RUNNING -> Styles.ACCENT;
        };
    }

    static String of(TenantOutcome outcome) {
        return switch (outcome) {
            case TRAINED -> Styles.SUCCESS;
            case KEPT, INSUFFICIENT -> Styles.WARNING;
            case FAILED -> Styles.DANGER;
        };
    }

    /** Gives the label the style (null: none), replacing any outcome style it had. */
    static void apply(Label label, String style) {
        label.getStyleClass().removeAll(ALL);
        if (style != null) {
            label.getStyleClass().add(style);
        }
    }
}
