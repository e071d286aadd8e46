package io.mlservice.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A running service's {@code history.db} read from outside, as an administrator's SQLite client would: one
 * read-only connection per question, so that the service's writes are never held up.
 */
final class HistoryFile {
    /** One row of {@code cycles}; {@code finished} is null while it runs (or after a crash). */
    record Cycle(long id, Instant started, Instant finished, String trigger, String outcome, String message) {
        boolean ended() {
            return finished != null;
        }
    }

    private final Path file;

    HistoryFile(Path file) {
        this.file = file;
    }

    List<Cycle> cycles() throws SQLException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, started, finished, triggered_by, outcome, message FROM cycles ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            List<Cycle> cycles = new ArrayList<>();
            while (rs.next()) {
                long finishedMillis = rs.getLong(3);
                Instant finished = rs.wasNull() ? null : Instant.ofEpochMilli(finishedMillis);
                cycles.add(new Cycle(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), finished, rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
            return cycles;
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return List.of();
            }
            throw e;
        }
    }

    Optional<Cycle> cycle(long id) throws SQLException {
        return cycles().stream().filter(c -> c.id() == id).findFirst();
    }

    /** Whether cycle {@code id} has ended (whatever its outcome). */
    boolean ended(long id) throws SQLException {
        return cycle(id).map(Cycle::ended).orElse(false);
    }

    /** Epochs recorded for a cycle so far: more than none means it is training. */
    int epochs(long cycleId) throws SQLException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Connection c = open();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM epochs WHERE cycle_id = ?")) {
            ps.setLong(1, cycleId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return 0;
            }
            throw e;
        }
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("open_mode", "1");
        p.setProperty("busy_timeout", "5000");
        return DriverManager.getConnection("jdbc:sqlite:" + file, p);
    }
}
