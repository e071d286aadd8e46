package io.mlservice.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The service's log as it is written, kept in memory for the console: the last {@value #CAPACITY} lines of
 * {@code ml-service.log} (same text as the file) and listeners told of each new line. {@link ServiceLogging}
 * installs it next to the log file. Listeners are called on the logging thread, in order, and must only hand the
 * line on (they must not log).
 */
public final class LogFeed {
    /** Lines kept. */
    public static final int CAPACITY = 5_000;
    /** A line longer than this (a deep stack trace) is cut, so a few lines cannot take much memory. */
    static final int MAX_LINE_CHARS = 16_000;

    /**
     * One log line.
     *
     * @param seq     increasing number of the line in this feed
     * @param level   {@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG} or {@code TRACE}
     * @param message the formatted message alone
     * @param text    the line as the file has it (timestamp, level, thread, logger, message, stack trace), without
     *                the final line break
     */
    public record Line(long seq, Instant time, String level, String thread, String logger, String message,
                       String text) {
    }

    /** Removes a listener again. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * What a new listener starts from: the lines kept so far; every later line goes to the listener.
     */
    public record Start(List<Line> recent, Subscription subscription) {
        public Start {
            recent = List.copyOf(recent);
        }
    }

    private final int capacity;
    private final ArrayDeque<Line> lines;
    private final List<Consumer<Line>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private long seq;

    public LogFeed() {
        this(CAPACITY);
    }

    LogFeed(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** The lines kept, oldest first. */
    public List<Line> recent() {
        synchronized (lock) {
            return List.copyOf(lines);
        }
    }

    /**
     * Adds a listener and returns, in one step, the lines kept so far: none is missed or told twice.
     */
    public Start subscribe(Consumer<Line> listener) {
        synchronized (lock) {
            listeners.add(listener);
            return new Start(new ArrayList<>(lines), () -> listeners.remove(listener));
        }
    }

    /** Keeps a line and tells the listeners; what a listener throws is dropped (it cannot be logged). */
    void add(Instant time, String level, String thread, String logger, String message, String text) {
        String cut = text.length() > MAX_LINE_CHARS ? text.substring(0, MAX_LINE_CHARS) + " …" : text;
        synchronized (lock) {
            Line line = new Line(++seq, time, level, thread, logger, message, cut);
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(line);
            for (Consumer<Line> l : listeners) {
                try {
                    l.accept(line);
                } catch (RuntimeException ignored) {
                    // a broken listener must not break logging
                }
            }
        }
    }

    /** A Logback appender that writes into this feed with the log file's pattern. */
    Appender appender(String pattern) {
        return new Appender(pattern);
    }

    /** Logback's side of the feed. */
    final class Appender extends UnsynchronizedAppenderBase<ILoggingEvent> {
        private final String pattern;
        private PatternLayout layout;

        Appender(String pattern) {
            this.pattern = pattern;
        }

        @Override
        public void start() {
            layout = new PatternLayout();
            layout.setContext(getContext());
            layout.setPattern(pattern);
            layout.start();
            super.start();
        }

        @Override
        public void stop() {
            super.stop();
            if (layout != null) {
                layout.stop();
            }
        }

        @Override
        protected void append(ILoggingEvent event) {
            String text = layout.doLayout(event);
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            Level level = event.getLevel();
            add(Instant.ofEpochMilli(event.getTimeStamp()), level.toString().toUpperCase(Locale.ROOT),
                    event.getThreadName(), event.getLoggerName(), event.getFormattedMessage(),
                    text.substring(0, end));
        }
    }
}
