package io.mlservice.console.settings;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.console.Console;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.Notices;
import io.mlservice.console.ServiceHost;
import io.mlservice.model.HyperParameters;
import io.mlservice.service.MlService;
import io.mlservice.service.SignedClient;
import io.mlservice.totara.FakeTotara;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mlservice.console.ConsoleFixture.onFx;
import static io.mlservice.console.ConsoleFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real window: a bad port is refused as you type, a good one applied moves the API at once; and the demo
 * notice's "Connect to Totara…" tests the connection both ways and connects.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsWindowTest {
    private static final AtomicInteger RUNS = new AtomicInteger();
    @TempDir
    static Path root;
    private Path dir;
    private Console console;

    @Start
    void start(Stage stage) throws IOException {
        dir = Files.createDirectories(root.resolve("run-" + RUNS.incrementAndGet()));
        // The address in the settings file, not the environment, so that the page may change it.
        new SettingsFile(dir.resolve("settings.properties")).write(Map.of(Setting.BIND.variable(), "127.0.0.1:0"));
        MlService.Tuning tuning = new MlService.Tuning(List.of(Duration.ZERO),
                HyperParameters.defaults().withEpochs(2).withComponents(8));
        ServiceHost host = new ServiceHost(new ServiceHost.Launch(ConsoleFixture.freshCommandLine(dir), Map.of(),
                dir, tuning, Clock.systemUTC()));
        console = Console.open(stage, host);
    }

    @AfterEach
    void quit() throws InterruptedException {
        ConsoleFixture.quit(console);
    }

    @Test
    void aBadPortIsRefusedAndAGoodOneMovesTheApi(FxRobot robot) throws Exception {
        MlService service = console.started().get(60, TimeUnit.SECONDS);
        URI before = service.baseUri();
        String key = settings().get(Setting.TOTARA_KEY.variable());
        robot.clickOn("#nav-settings");
        TextField port = robot.lookup("#settings-port").queryAs(TextField.class);
        Button apply = robot.lookup("#settings-apply").queryButton();
        Label problems = robot.lookup("#settings-problems").queryAs(Label.class);
        waitUntil("the settings are loaded", () -> "0".equals(port.getText()) && !port.isDisabled());
        assertThat(apply.isDisabled()).isTrue();

        type(robot, port, "99999");
        waitUntil("the problem is named", () -> problems.getText().contains("the port 99999 is above 65535"));
        assertThat(problems.getText()).startsWith("Listen address: ML_BIND=127.0.0.1:99999");
        assertThat(apply.isDisabled()).isTrue();

        int free = freePort();
        type(robot, port, Integer.toString(free));
        waitUntil("Apply is enabled", () -> !apply.isDisabled());
        assertThat(problems.getText()).isEmpty();
        robot.clickOn(apply);

        Label result = robot.lookup("#settings-result").queryAs(Label.class);
        waitUntil("the port is applied", () -> result.getText().startsWith("Applied"));
        assertThat(result.getText()).isEqualTo("Applied Listen address (127.0.0.1:" + free + ").");
        assertThat(new SignedClient(URI.create("http://127.0.0.1:" + free + "/"), key).get("/health-check")
                .status()).isEqualTo(200);
        assertThatThrownBy(() -> new SignedClient(before, key).get("/health-check"))
                .isInstanceOf(ConnectException.class);
        assertThat(settings()).containsEntry(Setting.BIND.variable(), "127.0.0.1:" + free);
        waitUntil("the page shows the saved port", () -> port.getText().equals(Integer.toString(free))
                && apply.isDisabled());
    }

    @Test
    void theDemoNoticeConnectsToTotaraAfterATestBothWays(FxRobot robot) throws Exception {
        console.started().get(60, TimeUnit.SECONDS);
        String key = settings().get(Setting.TOTARA_KEY.variable());
        Path export = Files.createDirectories(dir.resolve("totara-export"));
        Files.writeString(export.resolve("tenants.csv"), "tenants\n0\n");
        try (FakeTotara totara = FakeTotara.serving(export, key)) {
            waitUntil("the demo notice shows", () -> console.context().notices().find(Notices.DEMO)
                    .isPresent() && robot.lookup("#notice-demo .button").tryQuery().isPresent());
            robot.clickOn(robot.lookup("#notice-demo .button").queryButton());
            waitUntil("the dialog opens", () -> robot.lookup("#connect-totara-url").tryQuery().isPresent());

            robot.clickOn("#connect-totara-url").write(totara.url().toString());
            robot.clickOn("#connect-test-connection");
            Label summary = robot.lookup("#connect-connection-summary").queryAs(Label.class);
            waitUntil("the test ends", () -> summary.getText().startsWith("The connection works"));
            assertThat(robot.lookup("#connect-finding-totara-ready").tryQuery()).isPresent();
            assertThat(robot.lookup("#connect-finding-service-answers").tryQuery()).isPresent();
            assertThat(robot.lookup("#connect-finding-loopback-only").queryAs(Label.class).getText())
                    .contains("cannot reach it");

            Button connect = robot.lookup("#connect-connect").queryButton();
            waitUntil("Connect is enabled", () -> !connect.isDisabled());
            robot.clickOn(connect);
            waitUntil("the dialog closes and the demo ends", () -> robot.lookup("#connect-dialog").tryQuery()
                    .isEmpty() && console.context().notices().find(Notices.DEMO).isEmpty());
            assertThat(onFx(() -> console.context().notices().find(ConnectDialog.CONNECTED_NOTICE)
                    .orElseThrow().text())).contains(totara.url().toString());
            assertThat(settings()).containsEntry(Setting.TOTARA_URL.variable(), totara.url().toString());
        }
    }

    /** Replaces the field's text by typing, as a person would after selecting it. */
    private static void type(FxRobot robot, TextField field, String text) {
        onFx(() -> {
            field.requestFocus();
            field.selectAll();
            return null;
        });
        robot.write(text);
    }

    private Map<String, String> settings() throws IOException {
        return new SettingsFile(dir.resolve("settings.properties")).read();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
