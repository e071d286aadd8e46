package io.mlservice.console;

import io.mlservice.config.ServiceSettings;
import io.mlservice.config.SettingsFile;
import io.mlservice.service.MlService;
import io.mlservice.service.SignedClient;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.mlservice.console.ConsoleFixture.onFx;
import static io.mlservice.console.ConsoleFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** A newcomer's first start: nothing configured, the console runs the service on the demo dataset. */
@ExtendWith(ApplicationExtension.class)
class FirstRunTest {
    @TempDir
    static Path dir;
    Console console;

    @Start
    void start(Stage stage) {
        console = Console.open(stage, ConsoleFixture.freshHost(dir));
    }

    @AfterEach
    void quit() throws InterruptedException {
        ConsoleFixture.quit(console);
    }

    @Test
    void startsOnTheDemoDatasetAndServesATrainedModel(FxRobot robot) throws Exception {
        MlService service = console.started().get(60, TimeUnit.SECONDS);
        waitUntil("the demo notice shows", () -> console.context().notices().find(Console.DEMO_NOTICE).isPresent());
        assertThat(onFx(() -> console.context().notices().find(Console.DEMO_NOTICE).orElseThrow().text()))
                .contains("built-in demo dataset");
        assertThat(Files.exists(dir.resolve("demo-export").resolve("user_data_0.csv"))).isTrue();
        String key = new SettingsFile(dir.resolve("settings.properties")).read().get(ServiceSettings.TOTARA_KEY);
        assertThat(key).hasSize(64);

        waitUntil("tenant 0 is trained", () -> service.registry().snapshot().tenant("0")
                .map(e -> e.trained()).orElse(false));
        var answer = new SignedClient(service.baseUri(), key).get("/user-items?tenant=0&totara_user_id=1&n_items=5"
                + "&item_type=container_course");
        assertThat(answer.body()).contains("\"success\":true");
        assertThat(answer.status()).isEqualTo(200);
        // the status line is refreshed once a second: on a warm JVM the training can finish before it was
        waitUntil("the status line says where the API listens",
                () -> robot.lookup("#status-line").queryLabeled().getText().contains("Listening on"));
    }
}
