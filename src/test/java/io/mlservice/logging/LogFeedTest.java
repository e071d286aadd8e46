package io.mlservice.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory log feed, through the real Logback context where it is installed. */
class LogFeedTest {
    private static final Logger LOG = LoggerFactory.getLogger(LogFeedTest.class);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        ServiceLogging.stopLoggingToFolder();
    }

    @Test
    void logToFolderFeedsTheSameLinesTheFileGets() throws IOException {
        ServiceLogging.logToFolder(dir);
        String marker = "feed " + UUID.randomUUID();
        LOG.warn("cycle finished: {}", marker);

        LogFeed.Line line = last(marker);
        String inFile = Files.readAllLines(dir.resolve(ServiceLogging.FILE_NAME), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(marker)).findFirst().orElseThrow();
        assertThat(line.text()).isEqualTo(inFile);
        assertThat(line.level()).isEqualTo("WARN");
        assertThat(line.message()).isEqualTo("cycle finished: " + marker);
        assertThat(line.logger()).isEqualTo(LogFeedTest.class.getName());
        assertThat(line.thread()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aStackTraceStaysWithItsLine() {
        ServiceLogging.logToFolder(dir);
        String marker = "trace " + UUID.randomUUID();
        LOG.error(marker, new IllegalStateException("the export is malformed"));

        LogFeed.Line line = last(marker);
        assertThat(line.level()).isEqualTo("ERROR");
        assertThat(line.text()).contains(marker).contains("java.lang.IllegalStateException: the export is malformed")
                .contains("at io.mlservice.logging.LogFeedTest").doesNotEndWith("\n");
    }

    @Test
    void stoppingTheFileStopsTheFeedButKeepsItsLines() {
        ServiceLogging.logToFolder(dir);
        String before = "before " + UUID.randomUUID();
        LOG.warn(before);
        ServiceLogging.stopLoggingToFolder();
        String after = "after " + UUID.randomUUID();
        LOG.warn(after);

        assertThat(ServiceLogging.feed().recent()).anyMatch(l -> l.message().equals(before))
                .noneMatch(l -> l.message().equals(after));
    }

    @Test
    void installedOnceHoweverOftenTheFolderIsSet() {
        ServiceLogging.logToFolder(dir.resolve("a"));
        ServiceLogging.logToFolder(dir.resolve("b"));
        String marker = "once " + UUID.randomUUID();
        LOG.warn(marker);

        assertThat(ServiceLogging.feed().recent()).filteredOn(l -> l.message().equals(marker)).hasSize(1);
    }

    @Test
    void keepsTheNewestLinesUpToItsCapacity() {
        LogFeed feed = new LogFeed(3);
        for (int i = 1; i <= 5; i++) {
            add(feed, "line " + i);
        }

        assertThat(feed.recent()).extracting(LogFeed.Line::message).containsExactly("line 3", "line 4", "line 5");
        assertThat(feed.recent()).extracting(LogFeed.Line::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aSubscriberGetsTheRecentLinesThenEachNewOneExactlyOnce() {
        LogFeed feed = new LogFeed(10);
        add(feed, "old");
        List<String> told = new ArrayList<>();
        LogFeed.Start start = feed.subscribe(l -> told.add(l.message()));
        add(feed, "new");
        start.subscription().close();
        add(feed, "after close");

        assertThat(start.recent()).extracting(LogFeed.Line::message).containsExactly("old");
        assertThat(told).containsExactly("new");
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersOrTheFeed() {
        LogFeed feed = new LogFeed(10);
        List<String> told = new ArrayList<>();
        feed.subscribe(l -> {
            throw new IllegalStateException("broken listener");
        });
        feed.subscribe(l -> told.add(l.message()));
        add(feed, "still here");

        assertThat(told).containsExactly("still here");
        assertThat(feed.recent()).hasSize(1);
    }

    @Test
    void cutsAnEnormousLine() {
        LogFeed feed = new LogFeed(10);
        feed.add(Instant.now(), "ERROR", "main", "x", "m", "x".repeat(LogFeed.MAX_LINE_CHARS * 3));

        assertThat(feed.recent().get(0).text()).hasSizeLessThan(LogFeed.MAX_LINE_CHARS + 10);
    }

    private static void add(LogFeed feed, String message) {
        feed.add(Instant.now(), "INFO", "main", "test", message, "INFO " + message);
    }

    private static LogFeed.Line last(String marker) {
        return ServiceLogging.feed().recent().stream().filter(l -> l.text().contains(marker))
                .reduce((a, b) -> b).orElseThrow();
    }
}
