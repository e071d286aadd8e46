package io.mlservice.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's log file through the real Logback context. */
class ServiceLoggingTest {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoggingTest.class);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        ServiceLogging.stopLoggingToFolder();
    }

    @Test
    void aLogLineReachesTheFileWithTimestampLevelThreadAndLogger() throws IOException {
        Path logs = dir.resolve("data/logs");
        ServiceLogging.logToFolder(logs);
        String marker = "marker " + UUID.randomUUID();
        LOG.warn("cycle finished: {}", marker);

        assertThat(ServiceLogging.logFile()).isEqualTo(logs.toAbsolutePath().resolve("ml-service.log"));
        String line = Files.readAllLines(ServiceLogging.logFile(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(marker)).findFirst().orElseThrow();
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)"
                + " WARN  \\[" + Pattern.quote(Thread.currentThread().getName()) + "\\] "
                + "i\\.m\\.logging\\.ServiceLoggingTest - cycle finished: " + Pattern.quote(marker));
    }

    @Test
    void callingAgainWithTheSameFolderWritesEachLineOnce() throws IOException {
        ServiceLogging.logToFolder(dir);
        ServiceLogging.logToFolder(dir);
        String marker = "once " + UUID.randomUUID();
        LOG.warn(marker);

        assertThat(occurrences(dir.resolve("ml-service.log"), marker)).isEqualTo(1);
        assertThat(rootAppender("ml-service-file")).isNotNull();
    }

    @Test
    void anotherFolderMovesTheLog() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        ServiceLogging.logToFolder(first);
        LOG.warn("before the move");
        ServiceLogging.logToFolder(second);
        LOG.warn("after the move");

        assertThat(occurrences(first.resolve("ml-service.log"), "before the move")).isEqualTo(1);
        assertThat(occurrences(first.resolve("ml-service.log"), "after the move")).isZero();
        assertThat(occurrences(second.resolve("ml-service.log"), "after the move")).isEqualTo(1);
        assertThat(occurrences(second.resolve("ml-service.log"), "before the move")).isZero();
        assertThat(ServiceLogging.logFile()).isEqualTo(second.toAbsolutePath().resolve("ml-service.log"));
    }

    @Test
    void stoppingLeavesTheConsoleOnly() throws IOException {
        ServiceLogging.logToFolder(dir);
        LOG.warn("while on");
        ServiceLogging.stopLoggingToFolder();
        LOG.warn("after stop");

        assertThat(occurrences(dir.resolve("ml-service.log"), "while on")).isEqualTo(1);
        assertThat(occurrences(dir.resolve("ml-service.log"), "after stop")).isZero();
        assertThat(ServiceLogging.isLoggingToFolder()).isFalse();
        assertThatThrownBy(ServiceLogging::logFile).isInstanceOf(IllegalStateException.class)
                .hasMessage("the service is not logging to a folder");
        assertThat(rootAppender("ml-service-file")).isNull();
        assertThat(rootAppender("STDERR")).isNotNull();
    }

    @Test
    void rollsDailyAndBySizeWithBoundedHistory() {
        ServiceLogging.logToFolder(dir);

        Appender<ILoggingEvent> appender = rootAppender("ml-service-file");
        assertThat(appender).isInstanceOf(RollingFileAppender.class);
        var policy = ((RollingFileAppender<?>) appender).getRollingPolicy();
        assertThat(policy).isInstanceOf(SizeAndTimeBasedRollingPolicy.class);
        SizeAndTimeBasedRollingPolicy<?> rolling = (SizeAndTimeBasedRollingPolicy<?>) policy;
        assertThat(rolling.getMaxHistory()).isEqualTo(14);
        assertThat(rolling.getFileNamePattern()).endsWith("/ml-service.%d{yyyy-MM-dd}.%i.log.gz");
        assertThat(rolling.isStarted()).isTrue();
    }

    /** The root logger's appender of that name, or null. */
    private static Appender<ILoggingEvent> rootAppender(String name) {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender(name);
    }

    private static long occurrences(Path file, String text) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).count();
    }
}
