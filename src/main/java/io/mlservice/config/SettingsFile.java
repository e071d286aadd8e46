package io.mlservice.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

/**
 * The settings file the console edits: Java {@code .properties} text in UTF-8, one {@code ML_NAME=value} a line.
 * Saving is atomic (a complete temporary file in the same folder is moved over the old one) and, on POSIX file
 * systems, leaves the file readable and writable by its owner only, because it holds the shared key.
 */
public final class SettingsFile {
    /** The name that says where the settings file is; only the command line or the environment can set it. */
    public static final String VARIABLE = "ML_SETTINGS_FILE";
    private static final List<String> HEADER = List.of(
            "# Settings of the ML service: one ML_NAME=value a line (Java .properties; write a backslash as \\\\).",
            "# The command line and the environment override what is set here.",
            "# This file holds the shared key: keep it readable by the service's account only.");
    private static final String OWNER_ONLY = "rw-------";

    private final Path file;

    public SettingsFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path path() {
        return file;
    }

    /**
     * The values by name. A missing file has none.
     *
     * @throws IOException naming the file, and the line when the text is malformed; never quoting a value
     */
    public Map<String, String> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new IOException("Settings file " + file + " cannot be read: " + FailureReason.of(e), e);
        }
        return Collections.unmodifiableMap(new PropertiesText(file, lines(bytes)).entries());
    }

    /** Replaces the file with these values, sorted by name; null or blank values are left out. */
    public void write(Map<String, String> values) throws IOException {
        Map<String, String> sorted = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a setting name must not be empty");
            }
            if (value != null && !value.isBlank()) {
                sorted.put(name, value);
            }
        });
        try {
            replace(text(sorted).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("Settings file " + file + " cannot be written: " + FailureReason.of(e), e);
        }
    }

    /** Reads, applies the changes (a null or blank value removes the name) and writes. */
    public synchronized void update(Map<String, String> changes) throws IOException {
        Map<String, String> values = new HashMap<>(read());
        changes.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                values.remove(name);
            } else {
                values.put(name, value);
            }
        });
        write(values);
    }

    private void replace(byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path temp = privateTempFile(folder, target.getFileName().toString());
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, target, ATOMIC_MOVE, REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Created owner-only from the start, so the key is never readable by others, not even for a moment. */
    private static Path privateTempFile(Path folder, String name) throws IOException {
        if (Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return Files.createTempFile(folder, "." + name, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
        }
        return Files.createTempFile(folder, "." + name, ".tmp");
    }

    private static String text(Map<String, String> sorted) {
        List<String> lines = new ArrayList<>(HEADER);
        sorted.forEach((name, value) -> lines.add(escape(name, true) + "=" + escape(value, false)));
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static String escape(String text, boolean name) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(name || i == 0 ? "\\ " : " ");
                case '=', ':' -> out.append(name ? "\\" : "").append(c);
                case '#', '!' -> out.append(name && i == 0 ? "\\" : "").append(c);
                default -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    /** Splits at line ends and decodes each line strictly, so a file saved in another encoding names its line. */
    private List<String> lines(byte[] bytes) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                try {
                    lines.add(utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString());
                } catch (CharacterCodingException e) {
                    throw new IOException("Settings file " + file + ", line " + (lines.size() + 1)
                            + ": not UTF-8 text; save the file as UTF-8", e);
                }
                start = i + 1;
            }
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        return lines;
    }

    /**
     * The {@code .properties} grammar of {@link java.util.Properties}, parsed here because that class names no
     * line when something is wrong and silently drops unknown escapes, which turns {@code C:\ml\models} into
     * {@code C:mlmodels}; this parser refuses them, and refuses lines without {@code =} or {@code :} and names set
     * twice.
     */
    private record PropertiesText(Path file, List<String> lines) {

        Map<String, String> entries() throws IOException {
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, Integer> lineOf = new HashMap<>();
            int i = 0;
            while (i < lines.size()) {
                int number = i + 1;
                String line = stripLeading(lines.get(i++));
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                    continue;
                }
                StringBuilder logical = new StringBuilder();
                while (continues(line)) {
                    logical.append(line, 0, line.length() - 1);
                    line = i < lines.size() ? stripLeading(lines.get(i++)) : "";
                }
                logical.append(line);
                Map.Entry<String, String> entry = entry(logical.toString(), number);
                Integer earlier = lineOf.putIfAbsent(entry.getKey(), number);
                if (earlier != null) {
                    throw malformed(number, entry.getKey() + " is already set on line " + earlier);
                }
                values.put(entry.getKey(), entry.getValue());
            }
            return values;
        }

        private Map.Entry<String, String> entry(String line, int number) throws IOException {
            StringBuilder name = new StringBuilder();
            int p = 0;
            while (p < line.length() && !separates(line.charAt(p))) {
                p = line.charAt(p) == '\\' ? unescape(line, p, name, number, null) : append(name, line.charAt(p), p);
            }
            p = skipSpace(line, p);
            if (p == line.length() || (line.charAt(p) != '=' && line.charAt(p) != ':')) {
                throw malformed(number, "expected NAME=value, e.g. ML_BIND=*:5000");
            }
            if (name.isEmpty()) {
                throw malformed(number, "the name is missing before the '" + line.charAt(p) + "'");
            }
            StringBuilder value = new StringBuilder();
            p = skipSpace(line, p + 1);
            while (p < line.length()) {
                p = line.charAt(p) == '\\' ? unescape(line, p, value, number, name.toString())
                        : append(value, line.charAt(p), p);
            }
            return Map.entry(name.toString(), value.toString());
        }

        /** Appends the escaped character at {@code p} and returns the position after the escape. */
        private int unescape(String line, int p, StringBuilder out, int number, String name) throws IOException {
            if (p + 1 == line.length()) {
                return p + 1;
            }
            char c = line.charAt(p + 1);
            switch (c) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (p + 6 > line.length() || !line.substring(p + 2, p + 6).matches("[0-9A-Fa-f]{4}")) {
                        throw malformed(number, "\\u must be followed by four hexadecimal digits" + in(name));
                    }
                    out.append((char) Integer.parseInt(line.substring(p + 2, p + 6), 16));
                    return p + 6;
                }
                case '\\', ' ', '=', ':', '#', '!' -> out.append(c);
                default -> throw malformed(number, "a backslash starts an escape .properties does not know" + in(name)
                        + ": write a backslash as \\\\ (e.g. C:\\\\ml\\\\models) or use / in paths");
            }
            return p + 2;
        }

        private static String in(String name) {
            return name == null ? "" : " in the value of " + name;
        }

        private static int append(StringBuilder out, char c, int p) {
            out.append(c);
            return p + 1;
        }

        private IOException malformed(int line, String what) {
            return new IOException("Settings file " + file + ", line " + line + ": " + what);
        }

        private static boolean separates(char c) {
            return c == '=' || c == ':' || space(c);
        }

        private static boolean space(char c) {
            return c == ' ' || c == '\t' || c == '\f';
        }

        private static int skipSpace(String line, int p) {
            int q = p;
            while (q < line.length() && space(line.charAt(q))) {
                q++;
            }
            return q;
        }

        private static String stripLeading(String line) {
            return line.substring(skipSpace(line, 0));
        }

        private static boolean continues(String line) {
            int backslashes = 0;
            for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }
    }
}
