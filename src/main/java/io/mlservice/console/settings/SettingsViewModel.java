package io.mlservice.console.settings;

import io.mlservice.history.History;
import io.mlservice.config.BindAddress;
import io.mlservice.config.ConfigException;
import io.mlservice.config.ResolvedSetting;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsLoader;
import io.mlservice.console.Console;
import io.mlservice.console.ServiceHost;
import io.mlservice.console.Notices;
import io.mlservice.diagnostics.ConnectionCheck;
import io.mlservice.diagnostics.ServiceAddress;
import io.mlservice.firstrun.DemoSetup;
import io.mlservice.service.MlService;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The Settings page's state and logic. Every setting of the catalogue is a {@link SettingField}; edits are checked
 * as you type (debounced, off the JavaFX thread) by the service's own rules through {@link ServiceHost#check}, and
 * each problem lands on its field. Apply saves to the settings file and puts the changes into effect without a
 * restart ({@link ServiceHost#apply}); what still needs one is listed with a restart action. Settings the
 * environment or the command line set are read-only here; demo fill-ins show as such. Properties are read and
 * written on the JavaFX thread ({@code ui}).
 */
public final class SettingsViewModel {
    /** How long typing must pause before the settings are checked. */
    public static final Duration DEBOUNCE = Duration.ofMillis(250);
    /** The schedule's daily time offered when switching from the interval. */
    static final String DEFAULT_DAILY_TIME = "03:00";
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "settings-check-timer");
        t.setDaemon(true);
        return t;
    });

    private final ServiceHost host;
    private final Executor ui;
    private final Executor background;
    private final Notices notices;
    private final Duration debounce;
    private final Map<Setting, SettingField> fields = new EnumMap<>(Setting.class);
    private final StringProperty bindHost = new SimpleStringProperty(this, "bindHost", "");
    private final StringProperty bindPort = new SimpleStringProperty(this, "bindPort", "");
    private final BooleanProperty daily = new SimpleBooleanProperty(this, "daily");
    private final StringProperty dailyAt = new SimpleStringProperty(this, "dailyAt", DEFAULT_DAILY_TIME);
    private final BooleanProperty revealKey = new SimpleBooleanProperty(this, "revealKey");
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final ObservableList<String> otherProblems = FXCollections.observableArrayList();
    private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded");
    private final BooleanProperty checking = new SimpleBooleanProperty(this, "checking");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty result = new SimpleStringProperty(this, "result", "");
    private final BooleanProperty resultFailed = new SimpleBooleanProperty(this, "resultFailed");
    private final ObservableList<String> needRestart = FXCollections.observableArrayList();
    private final BooleanProperty needStart = new SimpleBooleanProperty(this, "needStart");
    private final StringProperty serviceUrl = new SimpleStringProperty(this, "serviceUrl", "");
    private final StringProperty settingsFile = new SimpleStringProperty(this, "settingsFile", "");
    private final IntegerProperty applied = new SimpleIntegerProperty(this, "applied");
    private final BooleanBinding valid;
    private final BooleanBinding dirty;
    private final BooleanBinding canApply;
    private final StringBinding configPhp;
    private final ConnectionTester tester;
    private final AtomicLong generation = new AtomicLong();
    private boolean syncing;

    /**
     * @param ui         the JavaFX thread (direct in tests)
     * @param background runs the checks, apply and restart
     * @param notices    the window's banners (the demo notice ends when a Totara site is configured)
     * @param debounce   how long typing must pause before a check; zero checks at once
     * @param check      runs "test connection"
     */
    public SettingsViewModel(ServiceHost host, Executor ui, Executor background, Notices notices, Duration debounce,
                             ConnectionCheck check) {
        this.host = host;
        this.ui = ui;
        this.background = background;
        this.notices = notices;
        this.debounce = debounce;
        this.tester = new ConnectionTester(host, ui, background, check);
        for (Setting s : Setting.values()) {
            SettingField field = new SettingField(s);
            fields.put(s, field);
            field.value().addListener((obs, was, now) -> edited(s));
        }
        bindHost.addListener((obs, was, now) -> joinBind());
        bindPort.addListener((obs, was, now) -> joinBind());
        daily.addListener((obs, was, now) -> joinSchedule());
        dailyAt.addListener((obs, was, now) -> joinSchedule());
        valid = Bindings.createBooleanBinding(() -> problems.isEmpty() && otherProblems.isEmpty(), problems,
                otherProblems);
        List<ObservableValue<?>> changes = new ArrayList<>();
        fields.values().forEach(f -> changes.add(f.changed()));
        dirty = Bindings.createBooleanBinding(() -> fields.values().stream().anyMatch(f -> f.changed().get()),
                changes.toArray(ObservableValue[]::new));
        canApply = loaded.and(dirty).and(valid).and(checking.not()).and(busy.not());
        SettingField key = field(Setting.TOTARA_KEY);
        configPhp = Bindings.createStringBinding(() -> ConfigPhp.lines(serviceUrl.get(), key.value().get(),
                revealKey.get()), serviceUrl, key.value(), revealKey);
    }

    /** Reloads whenever the service (re)starts; for the page, which lives as long as the window. */
    public void followRestarts() {
        host.onStarted(started -> ui.execute(this::load));
    }

    /** With the context's executors, the usual debounce and the host's clock. */
    public static SettingsViewModel of(io.mlservice.console.ConsoleContext context) {
        return new SettingsViewModel(context.host(), context.ui(), context.background(), context.notices(),
                DEBOUNCE, new ConnectionCheck(context.clock()));
    }

    /** The field of a setting. */
    public SettingField field(Setting setting) {
        return fields.get(setting);
    }

    /** A readable name for a setting, e.g. "Listen address". */
    public static String label(Setting setting) {
        return setting.label();
    }

    /** The host part of the listen address ({@code *} for every interface), edited apart from the port. */
    public StringProperty bindHost() {
        return bindHost;
    }

    public StringProperty bindPort() {
        return bindPort;
    }

    /** Train daily at {@link #dailyAt()} rather than every N minutes. */
    public BooleanProperty daily() {
        return daily;
    }

    public StringProperty dailyAt() {
        return dailyAt;
    }

    /** Show the key (and the config.php lines) in clear. */
    public BooleanProperty revealKey() {
        return revealKey;
    }

    /** The service's problems with the edits, by {@code ML_*} name. */
    public ObservableMap<String, String> problems() {
        return problems;
    }

    /** Problems that belong to no field (e.g. an unreadable settings file). */
    public ObservableList<String> otherProblems() {
        return otherProblems;
    }

    public ReadOnlyBooleanProperty loaded() {
        return loaded;
    }

    /** A check of the latest edits is pending or running. */
    public ReadOnlyBooleanProperty checking() {
        return checking;
    }

    /** Apply or restart is running. */
    public ReadOnlyBooleanProperty busy() {
        return busy;
    }

    public BooleanBinding valid() {
        return valid;
    }

    public BooleanBinding dirty() {
        return dirty;
    }

    /** Loaded, edited, checked and valid, nothing running. */
    public BooleanBinding canApply() {
        return canApply;
    }

    /** What the last apply, restart or revert did. */
    public ReadOnlyStringProperty result() {
        return result;
    }

    public ReadOnlyBooleanProperty resultFailed() {
        return resultFailed;
    }

    /** {@code ML_*} names of applied settings that take effect only after a restart of the service. */
    public ObservableList<String> needRestart() {
        return needRestart;
    }

    /** Settings were saved while the service was not running: it needs starting. */
    public ReadOnlyBooleanProperty needStart() {
        return needStart;
    }

    /** Where Totara should call this service ({@code $CFG->ml_service_url}). */
    public ReadOnlyStringProperty serviceUrl() {
        return serviceUrl;
    }

    public ReadOnlyStringProperty settingsFile() {
        return settingsFile;
    }

    /** How many applies succeeded (the connect dialog closes on the next one). */
    public ReadOnlyIntegerProperty applied() {
        return applied;
    }

    /** The config.php lines for the edited key, masked unless {@link #revealKey()}. */
    public StringBinding configPhp() {
        return configPhp;
    }

    /** The config.php lines with the key in clear, for the clipboard. */
    public String configPhpToCopy() {
        return ConfigPhp.lines(serviceUrl.get(), field(Setting.TOTARA_KEY).value().get(), true);
    }

    public ConnectionTester tester() {
        return tester;
    }

    /** Reads every setting and where it comes from, in the background. */
    public void load() {
        background.execute(() -> {
            try {
                List<ResolvedSetting> sources = host.sources();
                Set<String> demo = demoNames(sources);
                String file = host.settingsFile().path().toAbsolutePath().toString();
                ui.execute(() -> loaded(sources, demo, file));
            } catch (ConfigException e) {
                ui.execute(() -> {
                    otherProblems.setAll(e.problems().stream().map(ConfigException.Problem::text).toList());
                    loaded.set(false);
                });
            }
        });
    }

    /** The edited settings that differ from those loaded: name to trimmed text, empty to remove from the file. */
    public Map<String, String> changes() {
        Map<String, String> changes = new LinkedHashMap<>();
        for (SettingField f : fields.values()) {
            if (f.changed().get()) {
                changes.put(f.name(), f.value().get().trim());
            }
        }
        return changes;
    }

    /** Discards every edit. */
    public void revert() {
        syncing = true;
        try {
            fields.values().forEach(SettingField::revert);
            splitBind();
            splitSchedule();
        } finally {
            syncing = false;
        }
        tester.clear();
        setResult("", false);
        scheduleCheck();
    }

    /** Puts a new strong key into the key field (the old one stops working once applied). */
    public void generateKey() {
        field(Setting.TOTARA_KEY).value().set(DemoSetup.newKey());
    }

    /** Tests the connection with the edited Totara URL, key and trust store. */
    public void testConnection() {
        tester.test(changes());
    }

    /**
     * Saves the edits and puts them into effect in the background; when the service is not running they are only
     * saved (checked first all the same).
     */
    public void apply() {
        if (!canApply.get()) {
            return;
        }
        Map<String, String> changes = changes();
        String what = describe(changes);
        busy.set(true);
        setResult("Applying…", false);
        background.execute(() -> {
            try {
                List<String> restart;
                String done;
                if (host.service() == null) {
                    SettingsLoader.requireServiceReady(host.check(changes));
                    host.settingsFile().update(changes);
                    restart = List.of();
                    done = "Saved " + what + ". The service is not running: start it to use them.";
                } else {
                    MlService.Applied applied = host.apply(changes);
                    restart = applied.needRestart();
                    done = "Applied " + what + (restart.isEmpty() ? "." : ". "
                            + restart.stream().map(n -> Setting.named(n).map(SettingsViewModel::label).orElse(n))
                            .collect(Collectors.joining(", ")) + " take effect after a restart of the service.");
                }
                boolean demoEnded = !host.demo();
                boolean stopped = host.service() == null;
                ui.execute(() -> {
                    needStart.set(stopped);
                    restart.forEach(n -> {
                        if (!needRestart.contains(n)) {
                            needRestart.add(n);
                        }
                    });
                    if (demoEnded) {
                        notices.clear(Console.DEMO_NOTICE);
                    }
                    tester.clear();
                    setResult(done, false);
                    busy.set(false);
                    applied.set(applied.get() + 1);
                    load();
                });
            } catch (ConfigException e) {
                ui.execute(() -> {
                    showProblems(e.problems());
                    setResult("Not applied: " + e.problems().size() + (e.problems().size() == 1 ? " setting needs"
                            : " settings need") + " fixing.", true);
                    busy.set(false);
                });
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> {
                    if (changes.containsKey(Setting.BIND.variable()) && e instanceof IOException) {
                        problems.put(Setting.BIND.variable(), "The API " + e.getMessage()
                                + "; it keeps listening on the old address.");
                        field(Setting.BIND).setProblem(problems.get(Setting.BIND.variable()));
                    }
                    setResult("Not applied: " + e.getMessage(), true);
                    busy.set(false);
                });
            }
        });
    }

    /** Stops the service and starts it again with the saved settings (or starts it when it is not running). */
    public void restart() {
        busy.set(true);
        setResult("Restarting the service…", false);
        background.execute(() -> {
            try {
                MlService started = host.restart(line -> { });
                String where = started.baseUri().toString();
                ui.execute(() -> {
                    needRestart.clear();
                    needStart.set(false);
                    notices.clear(Console.STARTING_NOTICE);
                    setResult("The service started and listens on " + where + ".", false);
                    busy.set(false);
                });
            } catch (ConfigException | IOException | RuntimeException e) {
                ui.execute(() -> {
                    setResult("The service did not start: " + e.getMessage(), true);
                    busy.set(false);
                });
            }
        });
    }

    /** Whether a listen-address problem is about the port rather than the host (to mark the right field). */
    public static boolean aboutPort(String problem) {
        return problem != null && problem.contains("the port");
    }

    private void loaded(List<ResolvedSetting> sources, Set<String> demo, String file) {
        syncing = true;
        try {
            for (ResolvedSetting r : sources) {
                fields.get(r.setting()).load(r.value(), SettingField.Source.of(r.origin(), demo.contains(r.name())));
            }
            splitBind();
            splitSchedule();
        } finally {
            syncing = false;
        }
        settingsFile.set(file);
        otherProblems.clear();
        loaded.set(true);
        scheduleCheck();
    }

    /**
     * The demo fill-ins among the sources: {@link ServiceHost#sources} shows them as command-line values that the
     * console was not started with.
     */
    private Set<String> demoNames(List<ResolvedSetting> sources) {
        Map<String, String> commandLine = host.launch().commandLine();
        Set<String> demo = new java.util.HashSet<>(host.fallbacks().keySet());
        for (ResolvedSetting r : sources) {
            if (r.origin() == ResolvedSetting.Origin.COMMAND_LINE && !commandLine.containsKey(r.name())) {
                demo.add(r.name());
            }
        }
        demo.removeIf(commandLine::containsKey);
        return demo;
    }

    private void edited(Setting s) {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            if (s == Setting.BIND) {
                splitBind();
            } else if (s == Setting.RETRAIN_AT) {
                splitSchedule();
            }
        } finally {
            syncing = false;
        }
        afterEdit(s);
    }

    private void afterEdit(Setting s) {
        if (s == Setting.TOTARA_URL || s == Setting.TOTARA_KEY || s == Setting.TRUST_STORE
                || s == Setting.TRUST_STORE_PASSWORD) {
            tester.clear();
        }
        if (loaded.get()) {
            scheduleCheck();
        }
    }

    private void splitBind() {
        String text = field(Setting.BIND).value().get().trim();
        String h;
        String p;
        if (text.startsWith("[") && text.indexOf(']') > 0) {
            int close = text.indexOf(']');
            h = text.substring(1, close);
            p = text.substring(close + 1).startsWith(":") ? text.substring(close + 2) : "";
        } else if (text.lastIndexOf(':') >= 0) {
            h = text.substring(0, text.lastIndexOf(':'));
            p = text.substring(text.lastIndexOf(':') + 1);
        } else {
            h = text;
            p = "";
        }
        bindHost.set(h);
        bindPort.set(p);
    }

    private void joinBind() {
        if (syncing) {
            return;
        }
        String h = bindHost.get().trim();
        String joined = BindAddress.hostAndPort(h, bindPort.get().trim());
        syncing = true;
        try {
            field(Setting.BIND).value().set(joined);
        } finally {
            syncing = false;
        }
        afterEdit(Setting.BIND);
    }

    private void splitSchedule() {
        String at = field(Setting.RETRAIN_AT).value().get().trim();
        daily.set(!at.isEmpty());
        if (!at.isEmpty()) {
            dailyAt.set(at);
        }
    }

    private void joinSchedule() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            field(Setting.RETRAIN_AT).value().set(daily.get() ? dailyAt.get() : "");
        } finally {
            syncing = false;
        }
        afterEdit(Setting.RETRAIN_AT);
    }

    /** Checks the current edits after the debounce, off the JavaFX thread; a newer edit supersedes it. */
    private void scheduleCheck() {
        long id = generation.incrementAndGet();
        checking.set(true);
        Map<String, String> changes = changes();
        Map<Setting, String> folders = Map.of(
                Setting.MODELS_DIR, field(Setting.MODELS_DIR).value().get(),
                Setting.LOGS_DIR, field(Setting.LOGS_DIR).value().get());
        Runnable check = () -> check(id, changes, folders);
        if (debounce.isZero()) {
            background.execute(check);
        } else {
            TIMER.schedule(() -> background.execute(check), debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void check(long id, Map<String, String> changes, Map<Setting, String> folders) {
        if (generation.get() != id) {
            return;
        }
        List<ConfigException.Problem> found = new ArrayList<>();
        String url = null;
        try {
            ServiceSettings settings = host.check(changes);
            SettingsLoader.requireServiceReady(settings);
            url = urlForTotara(settings.bind());
        } catch (ConfigException e) {
            found.addAll(e.problems());
        }
        folders.forEach((setting, text) -> FolderCheck.problem(setting.variable(), label(setting), text)
                .ifPresent(p -> found.add(new ConfigException.Problem(setting.variable(), p))));
        String shownUrl = url;
        ui.execute(() -> {
            if (generation.get() != id) {
                return;
            }
            showProblems(found);
            if (shownUrl != null) {
                serviceUrl.set(shownUrl);
            }
            checking.set(false);
        });
    }

    /** For config.php: the address Totara reaches; port 0 (tests) is the running service's actual port. */
    private String urlForTotara(BindAddress bind) {
        MlService running = host.service();
        int port = bind.port() == 0 && running != null ? running.port() : bind.port();
        return ServiceAddress.urlForTotara(bind, port);
    }

    private void showProblems(List<ConfigException.Problem> found) {
        Map<String, String> byName = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (ConfigException.Problem p : found) {
            if (p.setting() != null && Setting.named(p.setting()).isPresent()) {
                byName.merge(p.setting(), p.text(), (a, b) -> a + "\n" + b);
            } else {
                others.add(p.text());
            }
        }
        problems.keySet().retainAll(byName.keySet());
        problems.putAll(byName);
        otherProblems.setAll(others);
        fields.values().forEach(f -> f.setProblem(byName.get(f.name())));
    }

    private void setResult(String text, boolean failed) {
        resultFailed.set(failed);
        result.set(text);
    }

    /** "Listen address (127.0.0.1:5123) and Training threads (8)", secrets masked. */
    private String describe(Map<String, String> changes) {
        List<String> parts = new ArrayList<>();
        changes.forEach((name, value) -> {
            Setting s = Setting.named(name).orElseThrow();
            String shown = s.shown(value);
            parts.add(label(s) + " (" + (shown.isEmpty() ? "default" : shown) + ")");
        });
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
