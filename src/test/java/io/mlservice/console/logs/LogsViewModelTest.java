package io.mlservice.console.logs;

import ch.qos.logback.classic.Level;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.DirectContext;
import io.mlservice.console.ServiceHost;
import io.mlservice.logging.LogFeed;
import io.mlservice.service.MlService;
import io.mlservice.logging.ServiceLogging;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Logs page's view model without a toolkit, on the real service's log feed. */
class LogsViewModelTest {
    private static final Logger LOG = LoggerFactory.getLogger(LogsViewModelTest.class);

    @TempDir
    static Path dir;
    static ServiceHost host;
    static MlService service;

    final List<String> clipboard = new ArrayList<>();
    final List<Path> opened = new ArrayList<>();
    final List<LogsViewModel> models = new ArrayList<>();
    String run;

    @BeforeAll
    static void startService() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        service = host.start(line -> { });
    }

    @AfterAll
    static void stopService() {
        host.stop();
    }

    @BeforeEach
    void everyLevel() {
        run = UUID.randomUUID().toString();
        logger().setLevel(Level.DEBUG);
    }

    @AfterEach
    void close() {
        models.forEach(LogsViewModel::close);
        logger().setLevel(null);
    }

    @Test
    void startsWithTheRecentLinesAndAddsNewOnesAtTheNextFlush() {
        LOG.warn("before the page {}", run);
        LogsViewModel model = model(LogsViewModel.CAPACITY);
        assertThat(mine(model.lines())).containsExactly("before the page " + run);

        LOG.warn("while the page is open {}", run);
        assertThat(mine(model.lines())).as("nothing changes between flushes").hasSize(1);
        assertThat(model.flush()).isGreaterThanOrEqualTo(1);
        assertThat(mine(model.lines())).containsExactly("before the page " + run, "while the page is open " + run);
        assertThat(model.lines().get(model.lines().size() - 1).text()).contains(" WARN  ")
                .contains(LogsViewModelTest.class.getSimpleName());
    }

    @Test
    void theLevelShowsThatLevelAndTheMoreSevereOnes() {
        LogsViewModel model = model(LogsViewModel.CAPACITY);
        LOG.error("e {}", run);
        LOG.warn("w {}", run);
        LOG.info("i {}", run);
        LOG.debug("d {}", run);
        model.flush();

        assertThat(mine(model.shown())).as("INFO at first").containsExactly("e " + run, "w " + run, "i " + run);
        model.levelProperty().set(LogsViewModel.Level.ERROR);
        assertThat(mine(model.shown())).containsExactly("e " + run);
        model.levelProperty().set(LogsViewModel.Level.WARN);
        assertThat(mine(model.shown())).containsExactly("e " + run, "w " + run);
        model.levelProperty().set(LogsViewModel.Level.DEBUG);
        assertThat(mine(model.shown())).containsExactly("e " + run, "w " + run, "i " + run, "d " + run);
        assertThat(mine(model.lines())).hasSize(4);
    }

    @Test
    void theSearchFiltersAsYouTypeIgnoringCase() {
        LogsViewModel model = model(LogsViewModel.CAPACITY);
        LOG.warn("Tenant 1: kept the previous model {}", run);
        LOG.warn("Tenant 2: new model serving {}", run);
        model.flush();

        model.searchProperty().set("TENANT");
        assertThat(mine(model.shown())).hasSize(2);
        model.searchProperty().set("tenant 2");
        assertThat(mine(model.shown())).containsExactly("Tenant 2: new model serving " + run);
        model.searchProperty().set("tenant 2: nothing like this");
        assertThat(model.shown()).isEmpty();
        model.searchProperty().set("  ");
        assertThat(mine(model.shown())).hasSize(2);
    }

    @Test
    void aBurstOfLinesArrivesInOneFlush() {
        LogsViewModel model = model(LogsViewModel.CAPACITY);
        AtomicInteger changes = new AtomicInteger();
        model.lines().addListener((ListChangeListener<LogFeed.Line>) c -> changes.incrementAndGet());
        for (int i = 0; i < 100; i++) {
            LOG.info("burst {} {}", i, run);
        }

        assertThat(changes).hasValue(0);
        assertThat(model.flush()).isGreaterThanOrEqualTo(100);
        assertThat(changes.get()).as("one addition, and one removal of the oldest when full").isBetween(1, 2);
        assertThat(mine(model.lines())).hasSize(100).startsWith("burst 0 " + run).endsWith("burst 99 " + run);
    }

    @Test
    void keepsOnlyTheNewestLinesUpToItsCapacity() {
        LogsViewModel model = model(20);
        for (int i = 0; i < 50; i++) {
            LOG.info("line {} {}", i, run);
        }
        assertThat(model.flush()).as("lines waiting for a flush are bounded too").isEqualTo(20);
        assertThat(model.lines()).hasSize(20);
        assertThat(model.lines().get(19).message()).isEqualTo("line 49 " + run);
        assertThat(model.lines().get(0).message()).isEqualTo("line 30 " + run);

        LOG.info("one more {}", run);
        model.flush();
        assertThat(model.lines()).hasSize(20);
        assertThat(model.lines().get(0).message()).isEqualTo("line 31 " + run);
    }

    @Test
    void copiesTheSelectionOrElseEveryShownLineAsTheFileHasThem() {
        LogsViewModel model = model(LogsViewModel.CAPACITY);
        LOG.warn("first {}", run);
        LOG.error("second {}", run);
        model.flush();
        model.searchProperty().set(run);

        model.copy(List.of());
        assertThat(clipboard.get(0).split(System.lineSeparator())).hasSize(2);
        assertThat(clipboard.get(0)).contains("first " + run, "second " + run).contains(" ERROR ");

        model.copy(List.of(model.shown().get(1)));
        assertThat(clipboard.get(1)).isEqualTo(model.shown().get(1).text() + System.lineSeparator());
    }

    @Test
    void opensTheServicesFolders() {
        LogsViewModel model = model(LogsViewModel.CAPACITY);
        model.openLogsFolder();
        model.openModelsFolder();

        assertThat(opened).containsExactly(dir.resolve("logs").toAbsolutePath().normalize(),
                dir.resolve("models").toAbsolutePath().normalize());
        assertThat(model.folderMessageProperty().get()).startsWith("Opened the models folder");
        assertThat(clipboard).isEmpty();
    }

    @Test
    void withoutADesktopThePathIsShownAndCopied() {
        LogsViewModel.FolderOpener none = new LogsViewModel.FolderOpener() {
            @Override
            public boolean supported() {
                return false;
            }

            @Override
            public void open(Path folder) {
                throw new AssertionError("not supported");
            }
        };
        LogsViewModel model = new LogsViewModel(DirectContext.of(host), ServiceLogging.feed(), none,
                clipboard::add, 100);
        models.add(model);
        model.openLogsFolder();

        Path logs = dir.resolve("logs").toAbsolutePath().normalize();
        assertThat(clipboard).containsExactly(logs.toString());
        assertThat(model.folderMessageProperty().get()).contains("cannot open folders").endsWith(logs.toString());
    }

    @Test
    void aFolderThatCannotBeOpenedIsExplained() {
        LogsViewModel.FolderOpener failing = new LogsViewModel.FolderOpener() {
            @Override
            public boolean supported() {
                return true;
            }

            @Override
            public void open(Path folder) throws IOException {
                throw new IOException("no application is registered for folders");
            }
        };
        LogsViewModel model = new LogsViewModel(DirectContext.of(host), ServiceLogging.feed(), failing,
                clipboard::add, 100);
        models.add(model);
        model.openModelsFolder();

        assertThat(model.folderMessageProperty().get())
                .contains("could not be opened (no application is registered for folders)");
        assertThat(clipboard).containsExactly(dir.resolve("models").toAbsolutePath().normalize().toString());
    }

    private LogsViewModel model(int capacity) {
        LogsViewModel.FolderOpener recording = new LogsViewModel.FolderOpener() {
            @Override
            public boolean supported() {
                return true;
            }

            @Override
            public void open(Path folder) {
                opened.add(folder);
            }
        };
        LogsViewModel model = new LogsViewModel(DirectContext.of(host), ServiceLogging.feed(),
                recording, clipboard::add, capacity);
        models.add(model);
        return model;
    }

    /** The messages of this test's lines, in order. */
    private List<String> mine(List<LogFeed.Line> lines) {
        return lines.stream().filter(l -> l.message().endsWith(run)).map(LogFeed.Line::message).toList();
    }

    private static ch.qos.logback.classic.Logger logger() {
        return (ch.qos.logback.classic.Logger) LOG;
    }
}
