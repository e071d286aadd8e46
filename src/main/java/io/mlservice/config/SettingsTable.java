package io.mlservice.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The settings catalogue ({@link Setting}) as an administrator reads it: the table of {@code docs/settings.md} and
 * the settings section of {@code --help}. Both show defaults and descriptions only, never a configured value, so
 * no secret can appear in them.
 */
public final class SettingsTable {
    private static final String INDENT = "  ";
    private static final String DESCRIPTION_INDENT = "      ";
    private static final int NAME_COLUMN = Arrays.stream(Setting.values())
            .mapToInt(s -> s.variable().length()).max().orElse(0) + 2;

    private SettingsTable() {
    }

    /** The Markdown table: one row per setting, in catalogue order, with its default and meaning. */
    public static String markdown() {
        StringBuilder table = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
        for (Setting s : Setting.values()) {
            table.append("| `").append(s.variable()).append("` | ").append(cell(s.markdownDefault())).append(" | ")
                    .append(cell(s.markdownDescription())).append(" |\n");
        }
        return table.toString();
    }

    /**
     * Plain text lines, two or more per setting: the name with its default ("default: 4", "required", "(not set)"),
     * then what it does, indented and wrapped to {@code width} columns.
     */
    public static List<String> plainText(int width) {
        List<String> lines = new ArrayList<>();
        for (Setting s : Setting.values()) {
            lines.add(INDENT + pad(s.variable()) + shownDefault(s));
            lines.addAll(wrap(s.description(), DESCRIPTION_INDENT, width));
        }
        return lines;
    }

    /** How the plain text states a setting's default: "default: 4", or the note itself ("required"). */
    public static String shownDefault(Setting s) {
        return s.hasDefault() ? "default: " + s.documentedDefault() : s.documentedDefault();
    }

    private static String pad(String name) {
        return name + " ".repeat(NAME_COLUMN - name.length());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static List<String> wrap(String text, String indent, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
