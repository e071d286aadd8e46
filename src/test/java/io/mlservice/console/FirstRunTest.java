package io.mlservice.console;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.service.MlService;
import io.mlservice.service.SignedClient;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static io.mlservice.console.ConsoleFixture.onFx;
import static io.mlservice.console.ConsoleFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's first start: nothing configured, the console runs the service on the demo dataset and the dashboard
 * shows the trained model.
 */
class FirstRunTest extends ConsoleWindowTest {
    @Test
    void startsOnTheDemoDatasetAndServesATrainedModel(FxRobot robot) throws Exception {
        MlService service = console.started().get(60, TimeUnit.SECONDS);
        waitUntil("the demo notice shows", () -> console.context().notices().find(Notices.DEMO).isPresent());
        assertThat(onFx(() -> console.context().notices().find(Notices.DEMO).orElseThrow().text()))
                .contains("built-in demo dataset");
        assertThat(Files.exists(dir.resolve("demo-export").resolve("user_data_0.csv"))).isTrue();
        String key = new SettingsFile(dir.resolve("settings.properties")).read().get(Setting.TOTARA_KEY.variable());
        assertThat(key).hasSize(64);

        waitUntil("tenant 0 is trained", () -> service.registry().snapshot().tenant("0")
                .map(e -> e.trained()).orElse(false));
        var answer = new SignedClient(service.baseUri(), key).get("/user-items?tenant=0&totara_user_id=1&n_items=5"
                + "&item_type=container_course");
        assertThat(answer.body()).contains("\"success\":true");
        assertThat(answer.status()).isEqualTo(200);
        waitUntil("the status line says where the service listens", () -> robot.lookup("#status-line")
                .queryLabeled().getText().contains("Listening on " + service.baseUri()));

        var model = service.registry().snapshot().tenant("0").orElseThrow().model();
        waitUntil("the dashboard shows tenant 0's model", () -> robot.lookup("#tenant-0-card").tryQuery().isPresent()
                && robot.lookup("#tenant-0-users").tryQuery().isPresent());
        assertThat(robot.lookup("#tenant-0-status").queryLabeled().getText()).startsWith("Trained ");
        assertThat(robot.lookup("#tenant-0-users").queryLabeled().getText())
                .isEqualTo(Formats.count(model.userIds().size()));
        assertThat(robot.lookup("#tenant-0-items").queryLabeled().getText())
                .isEqualTo(Formats.count(model.itemIds().size()));
        assertThat(robot.lookup("#tenant-0-interactions").queryLabeled().getText())
                .isEqualTo(Formats.count(model.interactions().size()));
        assertThat(model.report().ease().precision()).as("EASE^R runs on the demo's items").isBetween(0.0, 1.0);
        assertThat(robot.lookup("#tenant-0-ease").queryLabeled().getText())
                .isEqualTo(Formats.metric(model.report().ease().precision()));
        assertThat(robot.lookup("#tenant-0-ease").queryLabeled().getTooltip()).as("measured: nothing to explain")
                .isNull();
        assertThat(robot.lookup("#tenant-0-trained-by").queryLabeled().getText()).as("a first training")
                .isEqualTo("full search");
        assertThat(robot.lookup("#api-status").queryLabeled().getText()).isEqualTo("Listening on "
                + service.baseUri());
        assertThat(robot.lookup("#fetch-detail").queryLabeled().getText()).contains("built-in demo dataset");
    }
}
