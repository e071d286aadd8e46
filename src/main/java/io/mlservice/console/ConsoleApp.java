package io.mlservice.console;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.util.Map;
import java.util.Objects;

/**
 * The desktop application: one main window over the service. Closing the window quits (stopping the service
 * gracefully).
 */
public final class ConsoleApp extends Application {
    private static volatile ServiceHost.Launch launch;
    private Console console;

    /** Opens the console and returns when it has quit. */
    public static void launch(Map<String, String> commandLine, Map<String, String> environment) {
        launch = ServiceHost.Launch.of(commandLine, environment);
        Application.launch(ConsoleApp.class);
    }

    @Override
    public void start(Stage stage) {
        ServiceHost host = new ServiceHost(Objects.requireNonNull(launch, "use ConsoleApp.launch"));
        console = Console.open(stage, host);
        stage.setOnCloseRequest(e -> {
            e.consume();
            console.quit(Platform::exit);
        });
    }
}
