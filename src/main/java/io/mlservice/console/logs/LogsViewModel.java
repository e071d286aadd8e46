package io.mlservice.console.logs;

import io.mlservice.config.ServiceSettings;
import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ServiceAccess;
import io.mlservice.logging.LogFeed;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Logs page's state: the service's log lines (the feed's recent lines, then each new one), filtered by level and
 * by a search text, at most {@link #capacity} of them. New lines wait in a queue until {@link #flush} adds them in
 * one batch (the view calls it a few times a second), so a burst of logging costs the UI one change per flush.
 * Lines, filter and flush belong to the UI thread.
 */
public final class LogsViewModel implements AutoCloseable {
    /** Lines kept by default. */
    public static final int CAPACITY = 5_000;

    /** The level filter: a level shows its lines and the more severe ones. */
    public enum Level {
        ERROR, WARN, INFO, DEBUG;

        /** Whether a line of {@code level} ({@code ERROR} … {@code TRACE}) shows under this filter. */
        public boolean shows(String level) {
            return severity(level) <= ordinal();
        }

        private static int severity(String level) {
            return switch (level) {
                case "ERROR" -> 0;
                case "WARN" -> 1;
                case "INFO" -> 2;
                default -> 3;
            };
        }
    }

    /** Opens a folder in the system's file manager. */
    public interface FolderOpener {
        /** Whether this computer can open folders (false on a headless system). */
        boolean supported();

        void open(Path folder) throws IOException;
    }

    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    private final FolderOpener opener;
    private final Consumer<String> clipboard;
    private final int capacity;
    private final ObservableList<LogFeed.Line> lines = FXCollections.observableArrayList();
    private final FilteredList<LogFeed.Line> shown = new FilteredList<>(lines);
    private final ObjectProperty<Level> level = new SimpleObjectProperty<>(Level.INFO);
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty autoScroll = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper folderMessage = new ReadOnlyStringWrapper("");
    private final ConcurrentLinkedQueue<LogFeed.Line> incoming = new ConcurrentLinkedQueue<>();
    /** The queue's length (its own size() walks the queue). */
    private final AtomicInteger pending = new AtomicInteger();
    private final LogFeed.Subscription subscription;

    /**
     * @param feed      the service's log lines ({@code ServiceLogging.feed()})
     * @param opener    opens folders in the file manager (in the background)
     * @param clipboard puts text on the system clipboard (called on the ui executor)
     * @param capacity  lines kept ({@link #CAPACITY})
     */
    public LogsViewModel(ConsoleContext context, LogFeed feed, FolderOpener opener, Consumer<String> clipboard,
                         int capacity) {
        this.service = context.service();
        this.tasks = context.tasks();
        this.opener = opener;
        this.clipboard = clipboard;
        this.capacity = capacity;
        LogFeed.Start start = feed.subscribe(this::arrived);
        this.subscription = start.subscription();
        List<LogFeed.Line> recent = start.recent();
        lines.setAll(recent.subList(Math.max(0, recent.size() - capacity), recent.size()));
        shown.setPredicate(filter());
        level.addListener((obs, was, now) -> shown.setPredicate(filter()));
        search.addListener((obs, was, now) -> shown.setPredicate(filter()));
    }

    /** Every line kept, oldest first. */
    public ObservableList<LogFeed.Line> lines() {
        return lines;
    }

    /** The lines the level and the search let through, oldest first. */
    public ObservableList<LogFeed.Line> shown() {
        return shown;
    }

    /** The least severe level shown (INFO at first). */
    public ObjectProperty<Level> levelProperty() {
        return level;
    }

    /** Shows only lines containing this text, ignoring case; blank shows all. */
    public StringProperty searchProperty() {
        return search;
    }

    /** Whether the view follows new lines. */
    public BooleanProperty autoScrollProperty() {
        return autoScroll;
    }

    /** Empty, or what happened to the last request to open a folder. */
    public ReadOnlyStringProperty folderMessageProperty() {
        return folderMessage.getReadOnlyProperty();
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Adds the lines logged since the last flush in one change, dropping the oldest beyond the capacity.
     *
     * @return the lines added
     */
    public int flush() {
        if (incoming.isEmpty()) {
            return 0;
        }
        List<LogFeed.Line> batch = new ArrayList<>();
        for (LogFeed.Line line = incoming.poll(); line != null; line = incoming.poll()) {
            pending.decrementAndGet();
            batch.add(line);
        }
        // lines arriving while this flush drains the queue may take the batch past the capacity
        List<LogFeed.Line> added = batch.size() > capacity ? batch.subList(batch.size() - capacity, batch.size())
                : batch;
        int excess = lines.size() + added.size() - capacity;
        if (excess > 0) {
            lines.remove(0, Math.min(excess, lines.size()));
        }
        lines.addAll(added);
        return added.size();
    }

    /** Queues a new line (on the logging thread); while no flush comes, only the newest lines wait. */
    private void arrived(LogFeed.Line line) {
        incoming.add(line);
        if (pending.incrementAndGet() > capacity && incoming.poll() != null) {
            pending.decrementAndGet();
        }
    }

    /** The text of these lines, one per line, as the log file has them. */
    public static String text(Collection<LogFeed.Line> selected) {
        StringBuilder text = new StringBuilder();
        for (LogFeed.Line line : selected) {
            text.append(line.text()).append(System.lineSeparator());
        }
        return text.toString();
    }

    /** Copies these lines, or every shown line when none is given. */
    public void copy(Collection<LogFeed.Line> selected) {
        String text = text(selected.isEmpty() ? shown : selected);
        tasks.publish(() -> clipboard.accept(text));
    }

    /** Opens the logs folder (ml-service.log, train_summary.log, history.db). */
    public void openLogsFolder() {
        openFolder("logs", ServiceSettings::logsDir);
    }

    /** Opens the models folder (model files and the last downloaded exports). */
    public void openModelsFolder() {
        openFolder("models", ServiceSettings::modelsDir);
    }

    @Override
    public void close() {
        tasks.close();
        subscription.close();
        incoming.clear();
    }

    private void openFolder(String what, Function<ServiceSettings, Path> folder) {
        Optional<Path> path = service.current().map(s -> folder.apply(s.settings()));
        if (path.isEmpty()) {
            folderMessage.set("The service is not running: its folders are known once it runs.");
            return;
        }
        open(what, path.get());
    }

    /**
     * Opens the folder in the background; where that is impossible, copies its path and says so.
     */
    private void open(String what, Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        boolean started = tasks.task(() -> {
                    if (!opener.supported()) {
                        return "This computer cannot open folders from here.";
                    }
                    try {
                        opener.open(absolute);
                        return null;
                    } catch (IOException | RuntimeException e) {
                        return "The " + what + " folder could not be opened (" + e.getMessage() + ").";
                    }
                })
                .onSuccess(problem -> {
                    if (problem == null) {
                        folderMessage.set("Opened the " + what + " folder " + absolute);
                    } else {
                        clipboard.accept(absolute.toString());
                        folderMessage.set(problem + " Its path is copied: " + absolute);
                    }
                })
                .start();
        if (!started) {
            folderMessage.set("The " + what + " folder is " + absolute);
        }
    }

    private Predicate<LogFeed.Line> filter() {
        Level min = level.get() == null ? Level.DEBUG : level.get();
        String text = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return line -> min.shows(line.level());
        }
        return line -> min.shows(line.level()) && line.text().toLowerCase(Locale.ROOT).contains(text);
    }
}
