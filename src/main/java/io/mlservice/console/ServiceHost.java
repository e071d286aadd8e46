package io.mlservice.console;

import io.mlservice.config.ConfigException;
import io.mlservice.config.DataFolders;
import io.mlservice.config.ResolvedSetting;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.SettingsLoader;
import io.mlservice.config.SettingsWarnings;
import io.mlservice.firstrun.DemoSetup;
import io.mlservice.service.MlService;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.ServiceListeners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The console's hold on the service: resolves the settings as the headless service does (plus the demo fill-ins of
 * {@link DemoSetup} when nothing is configured), starts and stops the one {@link MlService}, saves changed settings
 * to the settings file and puts them into effect. Listeners added here survive a restart of the service. Holds no
 * JavaFX state; its methods block and are called off the JavaFX thread.
 */
public final class ServiceHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceHost.class);

    /**
     * How the console was started.
     *
     * @param commandLine the {@code --set} values (and {@code ML_SETTINGS_FILE} from {@code --settings})
     * @param environment the process environment
     * @param dataDir     where the demo export is written
     * @param tuning      the service's tuning (tests fix the hyper-parameters)
     */
    public record Launch(Map<String, String> commandLine, Map<String, String> environment, Path dataDir,
                         MlService.Tuning tuning, Clock clock) {
        public Launch {
            commandLine = Map.copyOf(commandLine);
            environment = Map.copyOf(environment);
        }

        /**
         * The console as the program starts it: real environment, the demo export in the default data folder,
         * default tuning, the system clock.
         */
        public static Launch of(Map<String, String> commandLine, Map<String, String> environment) {
            return new Launch(commandLine, environment, DataFolders.current().dataDir(), MlService.Tuning.defaults(),
                    Clock.systemUTC());
        }
    }

    private final Launch launch;
    private final DemoSetup demo;
    /** The console's listeners, which outlive each start of the service; the running service relays to them. */
    private final ServiceListeners listeners = new ServiceListeners();
    private final List<Consumer<MlService>> startListeners = new CopyOnWriteArrayList<>();
    private volatile MlService service;
    private volatile Map<String, String> fallbacks = Map.of();
    private volatile List<String> warnings = List.of();

    public ServiceHost(Launch launch) {
        this.launch = launch;
        this.demo = new DemoSetup(launch.dataDir());
    }

    /**
     * Starts the service: fills in the demo where nothing is configured, then starts it as the headless service
     * would, logging what in the settings should change ({@link #warnings()}).
     *
     * @param say receives what the first start did (demo export written, key generated), one line each
     */
    public synchronized MlService start(Consumer<String> say) throws ConfigException, IOException {
        if (service != null) {
            return service;
        }
        SettingsFile file = settingsFile();
        demo.prepare(launch.commandLine(), launch.environment(), file, say);
        ServiceSettings settings = SettingsLoader.load(withFallbacks(file.read(), false), launch.environment());
        MlService started = new MlService(settings, launch.clock(), launch.tuning());
        started.addListener(listeners);
        try {
            started.start();
        } catch (ConfigException | IOException | RuntimeException e) {
            started.stop();
            throw e;
        }
        warnings = SettingsWarnings.of(settings, file.path());
        warnings.forEach(LOG::warn);
        service = started;
        startListeners.forEach(l -> l.accept(started));
        return started;
    }

    /** What the settings of the last start allow but should change (a short key, a file others can read). */
    public List<String> warnings() {
        return warnings;
    }

    /** The running service, or null before {@link #start} succeeded and after {@link #stop}. */
    public MlService service() {
        return service;
    }

    /** Whether the service trains on the built-in demo dataset because no Totara site is configured. */
    public boolean demo() {
        return fallbacks.containsKey(Setting.EXPORT_DIR.variable());
    }

    /** The demo export folder (whether or not it is in use). */
    public Path demoExport() {
        return demo.demoExport();
    }

    /** The demo fill-ins in force: names to values that no layer sets. */
    public Map<String, String> fallbacks() {
        return fallbacks;
    }

    public Launch launch() {
        return launch;
    }

    /** The settings file the console saves to. */
    public SettingsFile settingsFile() throws ConfigException {
        return new SettingsFile(SettingsLoader.settingsFile(launch.commandLine(), launch.environment()));
    }

    /**
     * Every setting with its text and where it comes from; a demo fill-in shows as the command line (it overrides
     * the file in the same way).
     */
    public List<ResolvedSetting> sources() throws ConfigException {
        return SettingsLoader.sources(withFallbacks(currentFile()), launch.environment());
    }

    /**
     * Checks the changed settings as the service would read them after saving, without saving: the settings that
     * would be in force, or every problem at once.
     *
     * @param changes {@code ML_*} names to new texts; a blank text removes the name from the settings file
     */
    public ServiceSettings check(Map<String, String> changes) throws ConfigException {
        requireEditable(changes);
        Map<String, String> file = new HashMap<>(currentFile());
        merge(file, changes);
        return SettingsLoader.resolve(SettingsLoader.merge(withFallbacks(file, true), launch.environment(), file));
    }

    /**
     * Saves the changed settings and puts them into effect without a restart. Nothing is saved when they are not
     * valid or the new address cannot be bound (the old address keeps serving).
     *
     * @return the settings in force and those that need a restart of the service
     */
    public synchronized MlService.Applied apply(Map<String, String> changes) throws ConfigException, IOException {
        MlService running = Objects.requireNonNull(service, "the service is not running");
        requireEditable(changes);
        SettingsFile file = settingsFile();
        Map<String, String> values = new HashMap<>(file.read());
        merge(values, changes);
        ServiceSettings next = SettingsLoader.resolve(SettingsLoader.merge(withFallbacks(values, true),
                launch.environment(), values));
        MlService.Applied applied = running.apply(next);
        file.update(changes);
        withFallbacks(values, false);
        return applied;
    }

    /** Stops the service and starts it again with the saved settings (for new folders). */
    public synchronized MlService restart(Consumer<String> say) throws ConfigException, IOException {
        stop();
        return start(say);
    }

    /** Stops the service gracefully (a running training is cancelled, requests in flight are answered). */
    public synchronized void stop() {
        MlService running = service;
        service = null;
        if (running != null) {
            running.removeListener(listeners);
            running.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Receives the service's events, across restarts; called on the service's threads. */
    public void addListener(ServiceListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ServiceListener listener) {
        listeners.remove(listener);
    }

    /** Called with each service that started (on the thread that started it). */
    public void onStarted(Consumer<MlService> listener) {
        startListeners.add(listener);
    }

    /**
     * The command line with the demo fill-ins for these file values added; remembers them as the ones in force
     * unless only checking.
     */
    private Map<String, String> withFallbacks(Map<String, String> fileValues, boolean checkOnly) {
        Map<String, String> fill = demo.fallbacks(launch.commandLine(), launch.environment(), fileValues);
        if (!checkOnly) {
            fallbacks = Map.copyOf(fill);
        }
        Map<String, String> cli = new LinkedHashMap<>(launch.commandLine());
        fill.forEach(cli::putIfAbsent);
        return cli;
    }

    private Map<String, String> withFallbacks(Map<String, String> fileValues) {
        return withFallbacks(fileValues, true);
    }

    private Map<String, String> currentFile() throws ConfigException {
        try {
            return settingsFile().read();
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigException.Problem(SettingsFile.VARIABLE,
                    e.getMessage())));
        }
    }

    /** Changes to settings the command line or the environment sets would be saved but never take effect. */
    private void requireEditable(Map<String, String> changes) throws ConfigException {
        List<ConfigException.Problem> problems = new ArrayList<>();
        for (String name : changes.keySet()) {
            String where = launch.commandLine().containsKey(name) && !launch.commandLine().get(name).isBlank()
                    ? "on the command line"
                    : launch.environment().containsKey(name) && !launch.environment().get(name).isBlank()
                    ? "in the environment" : null;
            if (where != null) {
                problems.add(new ConfigException.Problem(name, name + " is set " + where
                        + ", which overrides the settings file: change it there"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static void merge(Map<String, String> values, Map<String, String> changes) {
        changes.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                values.remove(name);
            } else {
                values.put(name, value.trim());
            }
        });
    }
}
