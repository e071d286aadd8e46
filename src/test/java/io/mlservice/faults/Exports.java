package io.mlservice.faults;

import io.mlservice.totara.demo.DemoExportGenerator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The exports the faults are injected with: seeded demo exports, and one with a single huge field. */
final class Exports {
    private Exports() {
    }

    /** 60 users, 40 items, 600 interactions: trains in seconds. */
    static Path toy(Path folder) throws IOException {
        new DemoExportGenerator(DemoExportGenerator.Spec.toy()).write(folder);
        return folder;
    }

    /** A demo export of this size (one tenant, 0), whose users include the toy export's first user. */
    static Path sized(Path folder, int users, int items, int interactions) throws IOException {
        new DemoExportGenerator(new DemoExportGenerator.Spec(users, items, interactions, 1,
                DemoExportGenerator.Spec.DEFAULT_SEED)).write(folder);
        return folder;
    }

    /** The id of the first user in {@code user_data_0.csv}. */
    static String firstUser(Path folder) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve("user_data_0.csv"), StandardCharsets.UTF_8);
        return lines.get(1).substring(0, lines.get(1).indexOf(','));
    }

    /**
     * Rewrites {@code user_data_0.csv} with one more user whose description is {@code chars} characters of words:
     * one field far larger than any real profile, yet under the reader's field limit.
     */
    static void addHugeDescription(Path folder, int chars) throws IOException {
        Path file = folder.resolve("user_data_0.csv");
        String[] words = {"learning ", "cloud ", "compliance ", "leadership ", "analytics ", "design "};
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND)) {
            out.write("999999,en,Paris,FR,,,,,,,\"");
            int written = 0;
            for (int i = 0; written < chars; i++) {
                String word = words[i % words.length];
                out.write(word);
                written += word.length();
            }
            out.write("\"\n");
        }
    }
}
