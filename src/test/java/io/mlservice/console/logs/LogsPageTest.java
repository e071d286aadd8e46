package io.mlservice.console.logs;

import io.mlservice.console.ConsoleContext.Page;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.ConsoleWindowTest;
import io.mlservice.logging.LogFeed;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.mlservice.console.ConsoleFixture.onFx;
import static io.mlservice.console.ConsoleFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The Logs page in the real window: a line the service logs shows up live, and the filters hide it. */
class LogsPageTest extends ConsoleWindowTest {
    private static final Logger LOG = LoggerFactory.getLogger(LogsPageTest.class);

    @Test
    void aLoggedLineAppearsLiveAndTheFiltersHideIt(FxRobot robot) throws Exception {
        console.started().get(60, TimeUnit.SECONDS);
        onFx(() -> {
            console.show(Page.LOGS);
            return null;
        });
        String marker = "visible in the console " + UUID.randomUUID();
        LOG.warn(marker);

        ListView<LogFeed.Line> list = robot.lookup("#logs-list").queryListView();
        waitUntil("the line shows", () -> shows(list, marker));
        waitUntil("the count says so", () -> ((Label) robot.lookup("#logs-count").query()).getText()
                .matches("\\d+ of \\d+ lines.*"));

        robot.clickOn("#logs-search").write(marker.substring(0, 30).toUpperCase(Locale.ROOT));
        waitUntil("the search keeps it", () -> shows(list, marker) && list.getItems().size() == 1);
        robot.write(" and more");
        waitUntil("a search it does not match hides it", () -> list.getItems().isEmpty());
        onFx(() -> {
            robot.lookup("#logs-search").queryTextInputControl().clear();
            return null;
        });
        waitUntil("clearing the search shows it again", () -> shows(list, marker));

        ComboBox<LogsViewModel.Level> level = robot.lookup("#logs-level").queryComboBox();
        onFx(() -> {
            level.setValue(LogsViewModel.Level.ERROR);
            return null;
        });
        waitUntil("the ERROR level hides the warning", () -> !shows(list, marker));
        onFx(() -> {
            level.setValue(LogsViewModel.Level.WARN);
            return null;
        });
        waitUntil("the WARN level shows it", () -> shows(list, marker));
    }

    private static boolean shows(ListView<LogFeed.Line> list, String marker) {
        return list.getItems().stream().anyMatch(l -> l.message().equals(marker));
    }
}
