package io.mlservice.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mlservice.config.ConfigException;
import io.mlservice.config.ResolvedSetting;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.service.MlService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ServiceHostTest {
    @TempDir
    Path dir;
    ServiceHost host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.stop();
        }
    }

    @Test
    void aFreshStartRunsTheDemoAndSaysWhatItDid() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        List<String> said = new ArrayList<>();
        MlService service = host.start(said::add);
        assertThat(host.demo()).isTrue();
        assertThat(service.settings().exportDir()).isEqualTo(dir.resolve("demo-export"));
        assertThat(said).anyMatch(l -> l.contains("demo dataset")).anyMatch(l -> l.contains("Generated a key"));
        assertThat(String.join("\n", said)).doesNotContain(new SettingsFile(dir.resolve("settings.properties"))
                .read().get(Setting.TOTARA_KEY.variable()));
        assertThat(host.sources()).filteredOn(r -> r.name().equals(Setting.EXPORT_DIR.variable()))
                .extracting(ResolvedSetting::origin).containsExactly(ResolvedSetting.Origin.COMMAND_LINE);
    }

    @Test
    void aShortKeyInASettingsFileOthersCanReadIsWarnedOfInTheLogWithoutShowingIt() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        host = ConsoleFixture.freshHost(dir);
        Path file = dir.resolve("settings.properties");
        new SettingsFile(file).update(Map.of(Setting.TOTARA_KEY.variable(), "short-key-7"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ServiceHost.class);
        logger.addAppender(log);
        try {
            host.start(line -> { });
        } finally {
            logger.detachAppender(log);
        }

        assertThat(host.service()).as("started all the same").isNotNull();
        assertThat(host.warnings()).hasSize(2)
                .anyMatch(w -> w.startsWith("ML_TOTARA_KEY is shorter than 16 characters"))
                .anyMatch(w -> w.startsWith("The settings file " + file + " holds ML_TOTARA_KEY"));
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactlyElementsOf(host.warnings())
                .noneMatch(line -> line.contains("short-key-7"));
    }

    @Test
    void theDemoStartsWithoutWarnings() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        host.start(line -> { });

        assertThat(host.warnings()).as("a generated key, in a file only its owner reads").isEmpty();
    }

    @Test
    void appliedSettingsAreSavedAndServedWithoutARestart() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        MlService service = host.start(line -> { });
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        int oldPort = service.port();
        MlService.Applied applied = host.apply(Map.of(Setting.BIND.variable(), "127.0.0.1:" + port,
                Setting.RETRAIN_FREQ.variable(), "90"));
        assertThat(applied.needRestart()).isEmpty();
        assertThat(host.service()).isSameAs(service);
        assertThat(service.port()).isEqualTo(port);
        assertThat(new SettingsFile(dir.resolve("settings.properties")).read())
                .containsEntry(Setting.BIND.variable(), "127.0.0.1:" + port)
                .containsEntry(Setting.RETRAIN_FREQ.variable(), "90");
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertThat(s.isConnected()).isTrue();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", oldPort).close()).isInstanceOf(IOException.class);
    }

    @Test
    void invalidChangesAreReportedPerSettingAndNothingIsSaved() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        host.start(line -> { });
        Map<String, String> before = new SettingsFile(dir.resolve("settings.properties")).read();
        Map<String, String> bad = Map.of(Setting.RETRAIN_FREQ.variable(), "often", Setting.NUM_THREADS.variable(), "0");
        assertThatThrownBy(() -> host.check(bad)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigException.Problem::setting)
                        .containsExactlyInAnyOrder(Setting.RETRAIN_FREQ.variable(), Setting.NUM_THREADS.variable()));
        assertThatThrownBy(() -> host.apply(bad)).isInstanceOf(ConfigException.class);
        assertThat(new SettingsFile(dir.resolve("settings.properties")).read()).isEqualTo(before);
    }

    @Test
    void connectingATotaraSiteEndsTheDemo() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        host.start(line -> { });
        assertThat(host.demo()).isTrue();
        ServiceSettings checked = host.check(Map.of(Setting.TOTARA_URL.variable(), "https://lms.example.org"));
        assertThat(checked.exportDir()).isNull();
        assertThat(host.demo()).as("checking changes nothing").isTrue();
        host.apply(Map.of(Setting.TOTARA_URL.variable(), "https://lms.example.org"));
        assertThat(host.demo()).isFalse();
        assertThat(host.service().settings().exportDir()).isNull();
        assertThat(host.service().settings().totaraUrl()).hasToString("https://lms.example.org");
    }

    @Test
    void aRestartKeepsTheListeners() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        List<MlService> started = new ArrayList<>();
        host.onStarted(started::add);
        MlService first = host.start(line -> { });
        MlService second = host.restart(line -> { });
        assertThat(second).isNotSameAs(first);
        assertThat(started).containsExactly(first, second);
        assertThat(host.service()).isSameAs(second);
    }

    @Test
    void settingsFromTheEnvironmentCannotBeChangedHere() throws Exception {
        Map<String, String> cli = ConsoleFixture.freshCommandLine(dir);
        host = ConsoleFixture.freshHost(dir, cli);
        host.start(line -> { });
        assertThatThrownBy(() -> host.apply(Map.of(Setting.MODELS_DIR.variable(), dir.resolve("elsewhere").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set on the command line");
    }
}
