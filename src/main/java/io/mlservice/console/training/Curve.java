package io.mlservice.console.training;

import io.mlservice.history.EpochRow;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * The learning curve of one configuration of one tenant's training (a search candidate or the final fit): its
 * epochs in order, at most {@link #MAX_POINTS} (the oldest go first).
 */
public final class Curve {
    /** Bounds what a chart holds; a training has at most a few dozen epochs per configuration. */
    static final int MAX_POINTS = 500;

    private final String tenant;
    private final String label;
    private final ObservableList<EpochRow> points = FXCollections.observableArrayList();

    Curve(String tenant, String label) {
        this.tenant = tenant;
        this.label = label;
    }

    public String tenant() {
        return tenant;
    }

    /** Which configuration, as the history names it, e.g. {@code candidate 2 (adagrad 0.1, k=64)}. */
    public String label() {
        return label;
    }

    /** The epochs so far, oldest first; read and observed on the JavaFX thread. */
    public ObservableList<EpochRow> points() {
        return points;
    }

    void append(List<EpochRow> rows) {
        points.addAll(rows);
        int over = points.size() - MAX_POINTS;
        if (over > 0) {
            points.remove(0, over);
        }
    }
}
