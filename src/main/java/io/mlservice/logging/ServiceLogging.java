package io.mlservice.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The service's own log file, {@code ml-service.log} in the logs folder, next to the console output that
 * {@code logback.xml} configures: rolled daily and at 20 MB, compressed, kept 14 days and 500 MB at most; owner-only
 * files on POSIX systems.
 */
public final class ServiceLogging {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLogging.class);

    public static final String FILE_NAME = "ml-service.log";
    static final String APPENDER_NAME = "ml-service-file";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";
    static final int MAX_DAYS = 14;
    static final String MAX_FILE_SIZE = "20MB";
    static final String TOTAL_SIZE_CAP = "500MB";
    static final String FEED_APPENDER_NAME = "ml-service-feed";
    private static final String ROLLED_PATTERN = "ml-service.%d{yyyy-MM-dd}.%i.log.gz";
    private static final String ROLLED_GLOB = "ml-service.*.log.gz";
    private static final LogFeed FEED = new LogFeed();

    /** The file being written, or null when logging only to the console. */
    private static Path current;

    private ServiceLogging() {
    }

    /**
     * Writes the log to {@code {logsDir}/ml-service.log} from now on, as well as to the console. Calling it again
     * with the same folder changes nothing; with another folder, the log moves there.
     *
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static synchronized void logToFolder(Path logsDir) {
        Path file = logsDir.toAbsolutePath().resolve(FILE_NAME);
        if (file.equals(current)) {
            return;
        }
        LoggerContext context = logbackContext();
        if (context == null) {
            LOG.warn("Logging is not done by Logback here, so there is no log file in {}", logsDir);
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the logs folder " + file.getParent() + ": " + e, e);
        }
        RollingFileAppender<ILoggingEvent> appender = appender(context, file);
        if (!appender.isStarted()) {
            appender.stop();
            throw new UncheckedIOException(new IOException("cannot write the log file " + file
                    + " (see Logback's status messages)"));
        }
        detach(context, APPENDER_NAME);
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        installFeed(context);
        current = file;
        LOG.info("Logging to {}", file);
    }

    /** Stops writing the log file; the console output stays. */
    public static synchronized void stopLoggingToFolder() {
        LoggerContext context = logbackContext();
        if (context != null) {
            detach(context, APPENDER_NAME);
            detach(context, FEED_APPENDER_NAME);
        }
        current = null;
    }

    /** Whether {@link #logToFolder} is in effect. */
    public static synchronized boolean isLoggingToFolder() {
        return current != null;
    }

    /**
     * The log file being written.
     *
     * @throws IllegalStateException when the service logs only to the console
     */
    public static synchronized Path logFile() {
        if (current == null) {
            throw new IllegalStateException("the service is not logging to a folder");
        }
        return current;
    }

    private static RollingFileAppender<ILoggingEvent> appender(LoggerContext context, Path file) {
        RollingFileAppender<ILoggingEvent> appender = new OwnerOnlyRollingFileAppender(ROLLED_GLOB);
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setFile(file.toString());

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        // Logback reads backslashes in the pattern as escapes; forward slashes work on every system.
        String folder = file.getParent().toString().replace('\\', '/');
        policy.setFileNamePattern(folder + "/" + ROLLED_PATTERN);
        policy.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        policy.setMaxHistory(MAX_DAYS);
        policy.setTotalSizeCap(FileSize.valueOf(TOTAL_SIZE_CAP));
        appender.setRollingPolicy(policy);
        policy.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        appender.setEncoder(encoder);

        appender.start();
        return appender;
    }

    private static void detach(LoggerContext context, String appenderName) {
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var old = root.getAppender(appenderName);
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
    }

    private static LoggerContext logbackContext() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext context ? context : null;
    }

    /**
     * The last lines of the log file, in memory, and the lines as they are written (for the console); it receives
     * lines while {@link #logToFolder} is in effect.
     */
    public static LogFeed feed() {
        return FEED;
    }

    private static void installFeed(LoggerContext context) {
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(FEED_APPENDER_NAME) != null) {
            return;
        }
        LogFeed.Appender appender = FEED.appender(PATTERN);
        appender.setContext(context);
        appender.setName(FEED_APPENDER_NAME);
        appender.start();
        root.addAppender(appender);
    }
}
