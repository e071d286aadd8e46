package io.mlservice.console;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

/**
 * A real console window (off screen) as a newcomer first opens it: fresh folders, the demo dataset, the service
 * started in the background; quit after each test, stopping the service.
 */
@ExtendWith(ApplicationExtension.class)
public abstract class ConsoleWindowTest {
    @TempDir
    protected static Path dir;
    protected Console console;

    @BeforeEach
    void openConsole() throws TimeoutException {
        Stage stage = FxToolkit.registerPrimaryStage();
        console = ConsoleFixture.onFx(() -> Console.open(stage, ConsoleFixture.freshHost(dir)));
    }

    @AfterEach
    void quit() throws InterruptedException {
        ConsoleFixture.quit(console);
    }
}
