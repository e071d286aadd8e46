package io.mlservice.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mlservice.files.OwnerOnly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The one SQLite connection to the history file: opened with the settings the history relies on (write-ahead log,
 * foreign keys, a busy timeout), statements run with their values bound, transactions, and every failure as an
 * {@link UncheckedIOException} that names the file. Not thread-safe: {@link History} lets its callers take turns.
 */
final class HistoryDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryDatabase.class);
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    /** Sets a statement's values. */
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads the current row of a result. */
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Statements that commit together. */
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection connection;

    private HistoryDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** @throws IOException when the file is not a readable SQLite database */
    static HistoryDatabase open(Path file) throws IOException {
        ownerOnly(file);
        Connection db = null;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
                // The first statement that reads the file: a file that is not a database fails here.
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
            }
            return new HistoryDatabase(file, db);
        } catch (SQLException e) {
            closeQuietly(db);
            throw new IOException("cannot open the history " + file + ": it is not a readable SQLite database ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The history records what the service did with personal data: the file is owner-only before SQLite opens it
     * (an empty file is an empty database), and SQLite gives its -wal and -shm files the same permissions; those
     * an older version left readable are made owner-only too.
     */
    private static void ownerOnly(Path file) throws IOException {
        OwnerOnly.file(file);
        for (String suffix : new String[]{"-wal", "-shm"}) {
            OwnerOnly.restrict(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    Path file() {
        return file;
    }

    /** The connection itself, for the schema's migrations and what must report its own failures. */
    Connection connection() {
        return connection;
    }

    <T> List<T> query(String what, String sql, Binder binder, RowReader<T> reader) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs one change; returns the rows it changed. */
    int update(String what, String sql, Binder binder) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Inserts one row; returns the key SQLite gave it. */
    long insert(String what, String sql, Binder binder) {
        try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            binder.bind(ps);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs the work in one transaction: all of it is committed, or none when anything fails. */
    void inTransaction(String what, Work work) {
        try {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** SQLite has no NaN: a metric that was not measured is stored as NULL. */
    static void setReal(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            ps.setNull(index, Types.REAL);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** A metric as {@link #setReal} stored it: NULL comes back as NaN. */
    static double real(ResultSet rs, int index) throws SQLException {
        double value = rs.getDouble(index);
        return rs.wasNull() ? Double.NaN : value;
    }

    private UncheckedIOException failure(String what, SQLException e) {
        return new UncheckedIOException(new IOException("cannot " + what + " in " + file + ": " + e.getMessage(),
                e));
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection db) {
        if (db == null) {
            return;
        }
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("Closing the history failed: {}", e.getMessage());
        }
    }
}
