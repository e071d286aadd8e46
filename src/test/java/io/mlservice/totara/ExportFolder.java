package io.mlservice.totara;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes export files for the reader tests; the default tenant 0 is small but uses every column. */
final class ExportFolder {
    static final String USERS = """
            user_id,lang,city,country,interests,asp_position,positions,organisations,competencies_scale,badges,description
            2,en,Wellington,NZ,3|7,4,5|6,8,11:2|12:0.5,9,"Likes ""quotes"", commas
            and new lines"
            3,fr,,FR,,,,,,,
            4,en,Paris,FR,3,,,,,,plain
            """;

    static final String ITEMS = """
            item_id,container_course,container_workspace,engage_article,engage_microlearning,totara_playlist,leadership,safety,document
            container_course5,1,0,0,0,0,1,0,"Course five, with ""quotes""
            and a second line"
            engage_article7,0,0,1,0,0,1,1,Article seven
            totara_playlist2,0,0,0,0,1,0,0,
            """;

    static final String INTERACTIONS = """
            user_id,item_id,rating,timestamp
            2,container_course5,1,1600000000
            2,container_course5,0,1600000100
            3,engage_article7,0,1600000200
            4,totara_playlist2,1,1600000300
            """;

    private ExportFolder() {
    }

    /** Tenant 0 with the default files. */
    static void writeTenant(Path folder) {
        writeTenant(folder, "0", USERS, ITEMS, INTERACTIONS);
    }

    static void writeTenant(Path folder, String tenant, String users, String items, String interactions) {
        write(folder, "user_data_" + tenant + ".csv", users);
        write(folder, "item_data_" + tenant + ".csv", items);
        write(folder, "user_interactions_" + tenant + ".csv", interactions);
    }

    static void write(Path folder, String name, String content) {
        writeBytes(folder, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static void writeBytes(Path folder, String name, byte[] content) {
        try {
            Files.write(folder.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
