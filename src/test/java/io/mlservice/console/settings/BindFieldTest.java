package io.mlservice.console.settings;

import io.mlservice.config.Setting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BindFieldTest {
    private final SettingField setting = new SettingField(Setting.BIND);
    private final BindField bind = new BindField(setting);

    @Test
    void theTextIsSplitIntoHostAndPortWithIpv6Unbracketed() {
        setting.valueProperty().set(" [::1]:5123 ");
        bind.split();
        assertThat(bind.hostProperty().get()).isEqualTo("::1");
        assertThat(bind.portProperty().get()).isEqualTo("5123");

        setting.valueProperty().set("*:5000");
        bind.split();
        assertThat(bind.hostProperty().get()).isEqualTo("*");
        assertThat(bind.portProperty().get()).isEqualTo("5000");

        setting.valueProperty().set("localhost");
        bind.split();
        assertThat(bind.hostProperty().get()).isEqualTo("localhost");
        assertThat(bind.portProperty().get()).isEmpty();
    }

    @Test
    void editingEitherBoxJoinsThemIntoTheTextWithoutTouchingTheBoxes() {
        setting.valueProperty().set("127.0.0.1:5000");
        bind.split();
        // as the view model does: a changed text is split again, except when it was just joined from the boxes
        setting.valueProperty().addListener((obs, was, now) -> bind.split());

        bind.hostProperty().set(" ::1 ");
        assertThat(setting.valueProperty().get()).isEqualTo("[::1]:5000");
        bind.portProperty().set("80");
        assertThat(setting.valueProperty().get()).isEqualTo("[::1]:80");
        assertThat(bind.hostProperty().get()).isEqualTo(" ::1 ");
    }

    @Test
    void aProblemAboutThePortBelongsToThePortBox() {
        assertThat(BindField.aboutPort("ML_BIND=*:99999: the port 99999 is above 65535")).isTrue();
        assertThat(BindField.aboutPort("ML_BIND=nohost:1: unknown host")).isFalse();
        assertThat(BindField.aboutPort(null)).isFalse();
    }
}
