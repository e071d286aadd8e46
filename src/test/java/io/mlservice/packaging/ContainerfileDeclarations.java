package io.mlservice.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code container/Containerfile} promises whoever runs the image: its environment, ports, volumes and health
 * check command, read from the file so that the compose file and the built image can be held to it.
 *
 * @param environment  the {@code ENV} names and values, in order
 * @param exposedPorts the {@code EXPOSE}d ports
 * @param volumes      the {@code VOLUME} paths
 * @param healthCheck  the command of {@code HEALTHCHECK ... CMD [...]}, as its exec form's words
 */
record ContainerfileDeclarations(Map<String, String> environment, List<Integer> exposedPorts, List<String> volumes,
                                 List<String> healthCheck) {
    static final Path FILE = Path.of("container", "Containerfile");

    private static final Pattern INSTRUCTION = Pattern.compile("(?s)([A-Z]+)\\s+(.*)");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");
    private static final Pattern EXEC_FORM_CMD = Pattern.compile("CMD\\s+\\[(.*)]\\s*$");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    static ContainerfileDeclarations read() throws IOException {
        return read(FILE);
    }

    static ContainerfileDeclarations read(Path containerfile) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        List<Integer> ports = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        List<String> healthCheck = List.of();
        for (String instruction : instructions(Files.readAllLines(containerfile))) {
            Matcher m = INSTRUCTION.matcher(instruction);
            if (!m.matches()) {
                continue;
            }
            String arguments = m.group(2).trim();
            switch (m.group(1)) {
                case "ENV" -> ENV_PAIR.matcher(arguments).results()
                        .forEach(pair -> environment.put(pair.group(1), pair.group(2)));
                case "EXPOSE" -> List.of(arguments.split("\\s+"))
                        .forEach(port -> ports.add(Integer.parseInt(port.replace("/tcp", ""))));
                case "VOLUME" -> volumes.addAll(List.of(arguments.replaceAll("[\\[\\]\",]", " ").trim().split("\\s+")));
                case "HEALTHCHECK" -> healthCheck = execForm(arguments);
                default -> {
                }
            }
        }
        return new ContainerfileDeclarations(environment, ports, volumes, healthCheck);
    }

    /** Logical lines: comments dropped, lines ending in a backslash joined with the next. */
    private static List<String> instructions(List<String> lines) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String stripped = line.strip();
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                instructions.add(current.append(stripped).toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static List<String> execForm(String arguments) {
        Matcher cmd = EXEC_FORM_CMD.matcher(arguments);
        if (!cmd.find()) {
            throw new IllegalStateException("HEALTHCHECK without an exec-form CMD: " + arguments);
        }
        return QUOTED.matcher(cmd.group(1)).results().map(word -> word.group(1)).toList();
    }
}
