package io.mlservice.console.settings;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ResolvedSetting;
import io.mlservice.config.Setting;
import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ServiceHost;
import io.mlservice.diagnostics.ConnectionCheck;
import io.mlservice.firstrun.DemoSetup;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Settings page's state and logic. Every setting of the catalogue is a {@link SettingField}; edits are checked
 * as you type (debounced, off the JavaFX thread) by the service's own rules through {@link ServiceHost#check}, and
 * each problem lands on its field ({@link SettingsCheck}). Apply saves to the settings file and puts the changes
 * into effect without a restart ({@link SettingsApply}); what still needs one is listed with a restart action.
 * Settings the environment or the command line set are read-only here; demo fill-ins show as such. Properties are
 * read and written on the JavaFX thread ({@code ui}).
 */
public final class SettingsViewModel implements AutoCloseable {
    /** How long typing must pause before the settings are checked. */
    public static final Duration DEBOUNCE = Duration.ofMillis(250);
    /** The schedule's daily time offered when switching from the interval. */
    static final String DEFAULT_DAILY_TIME = "03:00";

    private final ServiceHost host;
    private final BackgroundTasks tasks;
    private final SettingsCheck checker;
    private final SettingsApply applying;
    private final Map<Setting, SettingField> fields = new EnumMap<>(Setting.class);
    private final BooleanProperty daily = new SimpleBooleanProperty(this, "daily");
    private final StringProperty dailyAt = new SimpleStringProperty(this, "dailyAt", DEFAULT_DAILY_TIME);
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final ObservableList<String> otherProblems = FXCollections.observableArrayList();
    private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded");
    private final BooleanProperty checking = new SimpleBooleanProperty(this, "checking");
    private final StringProperty settingsFile = new SimpleStringProperty(this, "settingsFile", "");
    private final BooleanBinding valid;
    private final BooleanBinding dirty;
    private final BooleanBinding canApply;
    private final ConfigPhp configPhp;
    private final ConnectionTester tester;
    private final BindField bind;
    /** Set while fields are loaded, reverted or written from the schedule's boxes: no edit to react to. */
    private boolean syncing;

    /**
     * @param debounce how long typing must pause before a check ({@link #DEBOUNCE}); zero checks at once
     * @param check    runs "test connection"
     */
    public SettingsViewModel(ConsoleContext context, Duration debounce, ConnectionCheck check) {
        this.host = context.host();
        this.tasks = context.tasks();
        this.checker = new SettingsCheck(host, context.service(), tasks, debounce);
        this.applying = new SettingsApply(host, context.service(), tasks, context.notices());
        this.tester = new ConnectionTester(host, context.service(), tasks, check);
        for (Setting s : Setting.values()) {
            SettingField field = new SettingField(s);
            fields.put(s, field);
            field.valueProperty().addListener((obs, was, now) -> edited(s));
        }
        bind = new BindField(field(Setting.BIND));
        daily.addListener((obs, was, now) -> joinSchedule());
        dailyAt.addListener((obs, was, now) -> joinSchedule());
        valid = Bindings.createBooleanBinding(() -> problems.isEmpty() && otherProblems.isEmpty(), problems,
                otherProblems);
        List<ObservableValue<?>> changes = new ArrayList<>();
        fields.values().forEach(f -> changes.add(f.changedProperty()));
        dirty = Bindings.createBooleanBinding(
                () -> fields.values().stream().anyMatch(f -> f.changedProperty().get()),
                changes.toArray(ObservableValue[]::new));
        canApply = loaded.and(dirty).and(valid).and(checking.not()).and(applying.busyProperty().not());
        SettingField key = field(Setting.TOTARA_KEY);
        configPhp = new ConfigPhp(key.valueProperty());
    }

    /** Reloads whenever the service (re)starts; for the page, which lives as long as the window. */
    public void followRestarts() {
        host.onStarted(started -> tasks.publish(this::load));
    }

    /** Publishes nothing more (a check or apply under way is dropped). */
    @Override
    public void close() {
        tasks.close();
    }

    /** The field of a setting. */
    public SettingField field(Setting setting) {
        return fields.get(setting);
    }

    /** The listen address as host and port. */
    public BindField bind() {
        return bind;
    }

    /** Train daily at {@link #dailyAtProperty()} rather than every N minutes. */
    public BooleanProperty dailyProperty() {
        return daily;
    }

    public StringProperty dailyAtProperty() {
        return dailyAt;
    }

    /** The service's problems with the edits, by {@code ML_*} name. */
    public ObservableMap<String, String> problems() {
        return problems;
    }

    /** Problems that belong to no field (e.g. an unreadable settings file). */
    public ObservableList<String> otherProblems() {
        return otherProblems;
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded;
    }

    /** A check of the latest edits is pending or running. */
    public ReadOnlyBooleanProperty checkingProperty() {
        return checking;
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    /** Loaded, edited, checked and valid, nothing running. */
    public BooleanBinding canApplyProperty() {
        return canApply;
    }

    public ReadOnlyStringProperty settingsFileProperty() {
        return settingsFile;
    }

    /** The config.php lines for Totara. */
    public ConfigPhp configPhp() {
        return configPhp;
    }

    public ConnectionTester tester() {
        return tester;
    }

    /** Apply and restart, and what came of them. */
    public SettingsApply applying() {
        return applying;
    }

    /** Reads every setting and where it comes from, in the background. */
    public void load() {
        tasks.task(() -> LoadedSettings.read(host))
                .onSuccess(this::loaded)
                .onFailure(e -> {
                    otherProblems.setAll(e instanceof ConfigException c
                            ? c.problems().stream().map(ConfigException.Problem::text).toList()
                            : List.of(e.toString()));
                    loaded.set(false);
                })
                .start();
    }

    /** The edited settings that differ from those loaded: name to trimmed text, empty to remove from the file. */
    public Map<String, String> changes() {
        Map<String, String> changes = new LinkedHashMap<>();
        for (SettingField f : fields.values()) {
            if (f.changedProperty().get()) {
                changes.put(f.name(), f.valueProperty().get().trim());
            }
        }
        return changes;
    }

    /** Discards every edit. */
    public void revert() {
        syncing = true;
        try {
            fields.values().forEach(SettingField::revert);
            bind.split();
            splitSchedule();
        } finally {
            syncing = false;
        }
        tester.clear();
        applying.setResult("", false);
        scheduleCheck();
    }

    /** Puts a new strong key into the key field (the old one stops working once applied). */
    public void generateKey() {
        field(Setting.TOTARA_KEY).valueProperty().set(DemoSetup.newKey());
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
        applying.apply(changes, new SettingsApply.Refusal() {
            @Override
            public void invalid(List<ConfigException.Problem> found) {
                showProblems(found);
            }

            @Override
            public void addressNotBound(String why) {
                problems.put(Setting.BIND.variable(), why);
                field(Setting.BIND).setProblem(why);
            }
        }, () -> {
            tester.clear();
            load();
        });
    }

    private void loaded(LoadedSettings read) {
        syncing = true;
        try {
            for (ResolvedSetting r : read.sources()) {
                fields.get(r.setting()).load(r.value(),
                        SettingField.Source.of(r.origin(), read.demo().contains(r.name())));
            }
            bind.split();
            splitSchedule();
        } finally {
            syncing = false;
        }
        settingsFile.set(read.file());
        otherProblems.clear();
        loaded.set(true);
        scheduleCheck();
    }

    private void edited(Setting s) {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            if (s == Setting.BIND) {
                bind.split();
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

    private void splitSchedule() {
        String at = field(Setting.RETRAIN_AT).valueProperty().get().trim();
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
            field(Setting.RETRAIN_AT).valueProperty().set(daily.get() ? dailyAt.get() : "");
        } finally {
            syncing = false;
        }
        afterEdit(Setting.RETRAIN_AT);
    }

    /** Checks the current edits after the debounce, off the JavaFX thread; a newer edit supersedes it. */
    private void scheduleCheck() {
        checking.set(true);
        Map<Setting, String> folders = Map.of(
                Setting.MODELS_DIR, field(Setting.MODELS_DIR).valueProperty().get(),
                Setting.LOGS_DIR, field(Setting.LOGS_DIR).valueProperty().get());
        checker.schedule(changes(), folders, result -> {
            showProblems(result.problems());
            if (result.serviceUrl() != null) {
                configPhp.serviceUrl(result.serviceUrl());
            }
            checking.set(false);
        });
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
}
