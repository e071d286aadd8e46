package io.mlservice.packaging;

import io.mlservice.console.ConsoleApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code .deb} that {@code mvn -Pdeb verify} built, read with {@code dpkg-deb} as {@code apt} would: its
 * control fields, its files, and maintainer scripts that are valid shell with every jpackage placeholder filled in.
 * Runs only in the {@code deb} profile, after the package is built.
 */
class DebPackageIT {
    private static final Pattern EXEC_START = Pattern.compile("(?m)^ExecStart=(\\S+)");

    @TempDir
    static Path work;

    private static Path deb;
    private static List<String> contents;

    @BeforeAll
    static void findPackage() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("deb.dir")))) {
            List<Path> debs = files.filter(f -> f.toString().endsWith(".deb")).toList();
            assertThat(debs).as("one .deb in " + System.getProperty("deb.dir")).hasSize(1);
            deb = debs.get(0);
        }
        contents = run("dpkg-deb", "--contents", deb.toString()).lines().toList();
    }

    @Test
    void controlFieldsNameThePackageItsVersionAndWhatTheConsoleNeeds() throws Exception {
        String control = run("dpkg-deb", "--field", deb.toString());
        assertThat(control).contains("Package: ml-service")
                .containsPattern("(?m)^Version: \\d+\\.\\d+\\.\\d+-1$")
                .containsPattern("(?m)^Depends: .*libc6")
                .contains("Recommends: libgtk-3-0");
    }

    @Test
    void holdsBothLaunchersTheRuntimeWithJavaFxAndTheSystemdUnit() throws Exception {
        assertThat(contents).anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith("./opt/ml-service/bin/ml-service"))
                .anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith("./opt/ml-service/bin/ml-service-server"))
                .anyMatch(l -> l.endsWith("./opt/ml-service/lib/app/ml-service.service"));
        String release = file("./opt/ml-service/lib/runtime/release");
        assertThat(release).contains("javafx.controls").contains("java.net.http").contains("jdk.crypto.ec");

        String unit = file("./opt/ml-service/lib/app/ml-service.service");
        Matcher exec = EXEC_START.matcher(unit);
        assertThat(exec.find()).as(unit).isTrue();
        assertThat(contents).as("the unit starts a launcher the package holds")
                .anyMatch(l -> l.endsWith("." + exec.group(1)));
        assertThat(unit).contains("User=ml-service").contains("ML_SETTINGS_FILE=/etc/ml-service/settings.properties");
    }

    @Test
    void onlyTheConsoleHasAVisibleMenuEntry() throws Exception {
        assertThat(file("./opt/ml-service/lib/ml-service-ml-service.desktop")).contains("Name=ML Service\n")
                .contains("Exec=/opt/ml-service/bin/ml-service\n").doesNotContain("NoDisplay")
                .contains("StartupWMClass=" + ConsoleApp.class.getName() + "\n");
        assertThat(file("./opt/ml-service/lib/ml-service-ml-service-server.desktop")).contains("NoDisplay=true");
    }

    @Test
    void maintainerScriptsAreValidShellWithNoPlaceholderLeft() throws Exception {
        Path scripts = Files.createDirectories(work.resolve("DEBIAN"));
        run("dpkg-deb", "--control", deb.toString(), scripts.toString());
        for (String name : List.of("preinst", "postinst", "prerm", "postrm")) {
            Path script = scripts.resolve(name);
            String text = Files.readString(script);
            assertThat(text).as(name).doesNotContainPattern("DESKTOP_COMMANDS|UTILITY_SCRIPTS|APPLICATION_[A-Z]");
            run("sh", "-n", script.toString());
        }
        String postinst = Files.readString(scripts.resolve("postinst"));
        assertThat(postinst).contains("useradd --system").contains("/etc/ml-service/settings.properties")
                .contains("xdg-desktop-menu install");
        assertThat(Files.readString(scripts.resolve("postrm"))).containsPattern("purge\\)\\s+rm -f");
    }

    private static String file(String path) throws Exception {
        Path tar = work.resolve("data.tar");
        if (!Files.exists(tar)) {
            Files.write(tar, runBytes("dpkg-deb", "--fsys-tarfile", deb.toString()));
        }
        return run("tar", "-xOf", tar.toString(), path);
    }

    private static String run(String... command) throws Exception {
        return new String(runBytes(command), StandardCharsets.UTF_8);
    }

    private static byte[] runBytes(String... command) throws IOException, InterruptedException {
        Path err = work.resolve("stderr.txt");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + Files.readString(err)).isZero();
        return out;
    }
}
