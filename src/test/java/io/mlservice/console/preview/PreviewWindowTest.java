package io.mlservice.console.preview;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.ConsoleWindowTest;
import io.mlservice.model.TenantModel;
import io.mlservice.service.MlService;
import io.mlservice.service.SignedClient;
import io.mlservice.serving.ModelRegistry;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.mlservice.console.ConsoleFixture.onFx;
import static io.mlservice.console.ConsoleFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Support staff preview a user in the real window: the list shown is the signed {@code /user-items} answer. */
class PreviewWindowTest extends ConsoleWindowTest {
    @Test
    void aPreviewedUsersListIsWhatTheApiAnswersTotara(FxRobot robot) throws Exception {
        MlService service = console.started().get(60, TimeUnit.SECONDS);
        waitUntil("tenant 0 is trained", () -> service.registry().snapshot().tenant("0")
                .map(ModelRegistry.Entry::trained).orElse(false));
        TenantModel model = service.registry().snapshot().tenant("0").orElseThrow().model();
        int active = 7;
        while (model.interactions().byUser().count(active) == 0) {
            active++;
        }
        String user = model.userIds().get(active);

        robot.clickOn("#nav-preview");
        waitUntil("the preview can look up users in tenant 0",
                () -> !robot.lookup("#preview-show-user").queryAs(Button.class).isDisabled());
        robot.clickOn("#preview-user").write(user);
        waitUntil("the whole id is typed", () -> user.equals(onFx(() -> robot.lookup("#preview-user")
                .queryAs(TextInputControl.class).getText())));
        robot.type(KeyCode.ENTER);
        waitUntil("the user's course list shows", () -> robot.lookup("#preview-list-container_course").tryQuery()
                .map(t -> !((TableView<?>) t).getItems().isEmpty()).orElse(false));

        List<List<String>> shown = onFx(() -> {
            TableView<?> table = robot.lookup("#preview-list-container_course").queryAs(TableView.class);
            List<List<String>> rows = new ArrayList<>();
            for (Object row : table.getItems()) {
                UserPreview.Recommendation r = (UserPreview.Recommendation) row;
                rows.add(List.of(r.numericId(), r.score()));
            }
            return rows;
        });
        String key = service.settings().totaraKey().reveal();
        JsonNode api = new SignedClient(service.baseUri(), key).get("/user-items?totara_user_id=" + user
                + "&item_type=container_course&tenant=0&n_items=25").json();
        List<List<String>> answered = new ArrayList<>();
        api.get("items").forEach(p -> answered.add(List.of(p.get(0).asText(), p.get(1).asText())));

        assertThat(answered).hasSize(25);
        assertThat(shown).isEqualTo(answered);
        assertThat(onFx(() -> robot.lookup("#preview-profile").queryAs(VBox.class)
                .getChildren().size())).isPositive();
        assertThat(onFx(() -> robot.lookup("#preview-history").queryAs(TableView.class).getItems().size()))
                .isPositive();
    }
}
