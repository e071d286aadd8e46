package io.mlservice.console.training;

import io.mlservice.history.TenantOutcome;
import io.mlservice.history.CycleOutcome;
import io.mlservice.history.CycleTrigger;
import io.mlservice.console.ConsoleWindowTest;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.Formats;
import io.mlservice.history.CycleRow;
import io.mlservice.service.MlService;
import io.mlservice.history.TenantResultRow;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.mlservice.console.ConsoleFixture.onFx;
import static io.mlservice.console.ConsoleFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The Training page in the real window: Train now → progress and curves advance → a new history row. */
class TrainingPageTest extends ConsoleWindowTest {
    @Test
    void trainNowShowsProgressAndCurvesThenANewHistoryRow(FxRobot robot) throws Exception {
        MlService service = console.started().get(60, TimeUnit.SECONDS);
        waitUntil("the startup training has served a model", () -> !service.training()
                && service.registry().snapshot().tenant("0").map(e -> e.trained()).orElse(false));

        robot.clickOn("#nav-training");
        TableView<CycleRow> history = robot.lookup("#history-table").queryTableView();
        waitUntil("the history shows the startup cycle", () -> history.getItems().stream()
                .anyMatch(c -> c.trigger().equals(CycleTrigger.STARTUP) && c.outcome().equals(CycleOutcome.OK)));
        Button trainNow = robot.lookup("#train-now").queryButton();
        waitUntil("Train now is enabled", () -> !trainNow.isDisabled());
        long before = onFx(() -> history.getItems().stream().mapToLong(CycleRow::id).max().orElse(0));

        robot.clickOn("#train-now");

        waitUntil("tenant 0's progress advances", () -> progressOfTenant0(robot).orElse(0.0) > 0);
        waitUntil("the loss chart gets points", () -> points(robot.lookup("#loss-chart").query()) > 0);
        waitUntil("a new history row for the manual cycle", () -> history.getItems().stream()
                .anyMatch(c -> c.id() > before && c.trigger().equals(CycleTrigger.MANUAL) && c.outcome().equals(CycleOutcome.OK)));
        waitUntil("Train now is enabled again", () -> !trainNow.isDisabled());

        assertThat(onFx(() -> progressOfTenant0(robot).orElseThrow())).isEqualTo(1.0);
        assertThat(onFx(() -> robot.lookup("#cycle-title").queryLabeled().getText())).contains("manual")
                .contains("ok");
        assertThat(onFx(() -> robot.lookup("#cancel-training").queryButton().isDisabled())).isTrue();
        assertThat(onFx(() -> history.getItems().get(0).trigger())).as("newest first").isEqualTo(CycleTrigger.MANUAL);

        // drill down into the startup cycle: its tenant, and its curves in the same charts
        robot.interact(() -> ((ScrollPane) robot.lookup("#training-page").query()).setVvalue(1));
        Node startupRow = onFx(() -> robot.lookup("#history-table .table-row-cell").queryAll().stream()
                .filter(n -> ((TableRow<?>) n).getItem() instanceof CycleRow c && c.trigger().equals(CycleTrigger.STARTUP))
                .findFirst().orElseThrow());
        robot.clickOn(startupRow);
        TableView<TenantResultRow> tenants = robot.lookup("#cycle-tenants").queryTableView();
        waitUntil("the startup cycle's tenant shows", () -> tenants.getItems().size() == 1);
        assertThat(onFx(() -> tenants.getItems().get(0).outcome())).isEqualTo(TenantOutcome.TRAINED);
        TenantResultRow startup = onFx(() -> tenants.getItems().get(0));
        assertThat(startup.easeMeasured()).as("EASE^R runs on the demo's items").isTrue();
        String easeFigures = Formats.metric(startup.easeAuc()) + " / " + Formats.metric(startup.easePrecision10())
                + " / " + Formats.metric(startup.easeRecall10());
        waitUntil("the tenant's row shows EASE^R's figures", () -> robot.lookup("#cycle-tenants .table-cell")
                .queryAll().stream().anyMatch(n -> n instanceof TableCell<?, ?> c && easeFigures.equals(c.getText())
                        && c.getTableColumn().getText().equals("EASE^R AUC / p@10 / r@10")));
        assertThat(onFx(() -> robot.lookup("#curve-source").queryLabeled().getText())).startsWith("Cycle ");
        waitUntil("the charts show the startup cycle's epochs", () -> points(robot.lookup("#loss-chart").query()) > 0);
        assertThat(onFx(() -> robot.lookup("#show-live").queryButton().isVisible())).isTrue();
    }

    private static Optional<Double> progressOfTenant0(FxRobot robot) {
        return robot.lookup("#progress-0").tryQuery().map(n -> ((ProgressBar) n).getProgress());
    }

    private static int points(Node chart) {
        int n = 0;
        for (var series : ((LineChart<?, ?>) chart).getData()) {
            n += series.getData().size();
        }
        return n;
    }
}
