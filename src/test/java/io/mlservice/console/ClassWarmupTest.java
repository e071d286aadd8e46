package io.mlservice.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassWarmupTest {
    @Test
    void findsThePagesAndTheControlsTheyUse() {
        assertThat(ClassWarmup.classNames())
                .contains("io.mlservice.console.settings.SettingsView", "javafx.scene.control.skin.TableViewSkin",
                        "javafx.scene.chart.LineChart", "org.controlsfx.control.PropertySheet")
                .noneMatch(n -> n.startsWith("io.mlservice.service."));
    }

    @Test
    void loadsThemWithoutRunningTheirStaticCode() {
        assertThat(ClassWarmup.run()).isGreaterThan(1000);
    }
}
