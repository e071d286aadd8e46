package io.mlservice.history;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code train_summary.log} in the logs folder, the file administrators and Totara's health check read: a CSV with
 * the header {@code TIMESTAMP,ALGORITHM,TENANT_ID,MSG,EPOCHS,N_EMBEDDINGS,SCORE}, one row per tenant per training
 * cycle, the last {@value #MAX_ROWS} rows kept. TIMESTAMP is the local date-time to the second in the service's
 * time zone, ISO-8601 with a space for the {@code T} ({@code 2026-11-27 08:15:03}); SCORE is the held-out AUC with
 * four decimals, empty when there is none. The file is always replaced whole, so a crash never leaves half of it.
 */
public final class TrainSummaryLog {
    private static final Logger LOG = LoggerFactory.getLogger(TrainSummaryLog.class);

    public static final String FILE_NAME = "train_summary.log";
    public static final List<String> HEADER =
            List.of("TIMESTAMP", "ALGORITHM", "TENANT_ID", "MSG", "EPOCHS", "N_EMBEDDINGS", "SCORE");
    public static final int MAX_ROWS = 100;
    /** The tenant of the row a failed download writes. */
    public static final String ALL_TENANTS = "all";

    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    /** What a TIMESTAMP may look like when read: ours, or ISO with a T, fractions of a second or an offset. */
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Set<String> ABSENT = Set.of("", "none", "nan", "null", "-");
    private static final List<String> VERB_MESSAGES = List.of("trained", "not trained", "kept", "failed");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private final Path dir;
    private final Path file;
    private final ZoneId zone;

    /** The summary in {@code logsDir}, with times in the system's time zone. */
    public TrainSummaryLog(Path logsDir) {
        this(logsDir, ZoneId.systemDefault());
    }

    public TrainSummaryLog(Path logsDir, ZoneId zone) {
        this.dir = logsDir;
        this.file = logsDir.resolve(FILE_NAME);
        this.zone = zone;
    }

    /**
     * One row of the summary.
     *
     * @param at         when the cycle ended, kept to the second as the file does; all rows of one cycle share it
     * @param algorithm  {@code mf}, {@code partial} or {@code hybrid}
     * @param tenant     the tenant id, or {@value TrainSummaryLog#ALL_TENANTS} for a failed download
     * @param message    what happened, e.g. {@code trained}; line breaks become spaces
     * @param epochs     epochs of the model, or null
     * @param components embedding size of the model, or null
     * @param score      held-out AUC of the model, or null
     */
    public record Row(Instant at, String algorithm, String tenant, String message, Integer epochs,
                      Integer components, Double score) {

        public Row {
            at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.SECONDS);
            algorithm = Objects.requireNonNullElse(algorithm, "");
            Objects.requireNonNull(tenant, "tenant");
            message = Objects.requireNonNullElse(message, "").replaceAll("\\R", " ");
            score = score == null || score.isNaN() ? null : score;
        }

        /**
         * The row for a tenant's result, its MSG in the original's words where it has them: {@code trained},
         * {@code The model for tenant 3 is not trained, probably for insufficient data}, {@code kept the previous
         * model: ...}, {@code failed: ...}. The numbers only when the new model went on to serve.
         */
        public static Row of(Instant at, TenantResultRow result) {
            boolean serving = result.outcome() == TenantOutcome.TRAINED;
            return new Row(at, result.algorithm(), result.tenant(), message(result),
                    serving && result.epochs() > 0 ? result.epochs() : null,
                    serving && result.components() > 0 ? result.components() : null,
                    serving ? result.auc() : null);
        }

        private static String message(TenantResultRow result) {
            String detail = result.message().isBlank() ? "" : ": " + result.message();
            return switch (result.outcome()) {
                case TRAINED -> "trained";
                case INSUFFICIENT -> "The model for tenant " + result.tenant()
                        + " is not trained, probably for insufficient data";
                case KEPT -> "kept the previous model" + detail;
                case FAILED -> "failed" + detail;
            };
        }

        /** The one row a cycle writes when it could not download the export. */
        public static Row downloadFailed(Instant at, String algorithm, String message) {
            return new Row(at, algorithm, ALL_TENANTS, message, null, null, null);
        }
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /**
     * Adds a cycle's rows and keeps the last {@value #MAX_ROWS}. A file that cannot be read as a summary is set
     * aside as {@code train_summary.log.unreadable} (never deleted) and a new one begun.
     */
    public synchronized void append(List<Row> rows) throws IOException {
        List<Row> kept = new ArrayList<>(existingRows());
        kept.addAll(rows);
        write(kept.subList(Math.max(0, kept.size() - MAX_ROWS), kept.size()));
    }

    /** The rows in file order; empty when there is no file yet. Rows that cannot be read are skipped. */
    public synchronized List<Row> rows() throws IOException {
        return read(false);
    }

    /** Reads the file; {@code rewriting} says skipped rows are about to be lost, which deserves a warning. */
    private List<Row> read(boolean rewriting) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, FORMAT)) {
            return parse(parser, rewriting);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * The last cycle (the rows sharing the newest TIMESTAMP) in one line, e.g. {@code 2026-11-27 08:15:03 hybrid:
     * tenant 0 trained (AUC 0.9132, 12 epochs, 64 components); tenant 3 not trained, probably for insufficient data};
     * empty when there is no row or the file cannot be read.
     */
    public Optional<String> lastSummary() {
        List<Row> rows;
        try {
            rows = rows();
        } catch (IOException e) {
            LOG.warn("No summary of the last training: {}", e.getMessage());
            return Optional.empty();
        }
        return rows.stream().map(Row::at).max(Instant::compareTo).map(newest -> summarise(newest,
                rows.stream().filter(r -> r.at().equals(newest)).toList()));
    }

    private String summarise(Instant at, List<Row> cycle) {
        StringJoiner algorithms = new StringJoiner("/");
        cycle.stream().map(Row::algorithm).filter(a -> !a.isBlank()).distinct().forEach(algorithms::add);
        StringJoiner tenants = new StringJoiner("; ");
        cycle.forEach(r -> tenants.add(describe(r)));
        String prefix = format(at) + (algorithms.length() == 0 ? "" : " " + algorithms);
        return prefix + ": " + tenants;
    }

    private static String describe(Row row) {
        String who = ALL_TENANTS.equals(row.tenant()) ? "all tenants" : "tenant " + row.tenant();
        String message = withoutOriginalPrefix(row);
        String separator = VERB_MESSAGES.stream().anyMatch(message::startsWith) ? " " : ": ";
        return who + separator + message + details(row);
    }

    /** The original writes "The model for tenant 3 is not trained, ..."; the summary already names the tenant. */
    private static String withoutOriginalPrefix(Row row) {
        String prefix = "The model for tenant " + row.tenant() + " is ";
        return row.message().startsWith(prefix) ? row.message().substring(prefix.length()) : row.message();
    }

    private static String details(Row row) {
        StringJoiner parts = new StringJoiner(", ", " (", ")").setEmptyValue("");
        if (row.score() != null) {
            parts.add("AUC " + score(row.score()));
        }
        if (row.epochs() != null) {
            parts.add(row.epochs() + " epochs");
        }
        if (row.components() != null) {
            parts.add(row.components() + " components");
        }
        return parts.toString();
    }

    private List<Row> existingRows() throws IOException {
        try {
            return read(true);
        } catch (IOException e) {
            if (!exists()) {
                throw e;
            }
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("{}; moved it to {} and started a new one", e.getMessage(), aside.getFileName());
            return List.of();
        }
    }

    private List<Row> parse(CSVParser parser, boolean rewriting) throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean header = true;
        for (CSVRecord record : parser) {
            if (header) {
                checkHeader(record);
                header = false;
            } else if (!(record.size() == 1 && record.get(0).isBlank())) {
                readRow(record, rewriting).ifPresent(rows::add);
            }
        }
        return rows;
    }

    private void checkHeader(CSVRecord record) throws IOException {
        List<String> names = record.stream()
                .map(n -> n.replace("\uFEFF", "").trim().toUpperCase(Locale.ROOT))
                .toList();
        if (!names.equals(HEADER)) {
            throw new IOException(file + " does not start with the header " + String.join(",", HEADER)
                    + " (found " + String.join(",", record.toList()) + ")");
        }
    }

    private Optional<Row> readRow(CSVRecord record, boolean rewriting) {
        try {
            if (record.size() != HEADER.size()) {
                throw new IllegalArgumentException(record.size() + " fields instead of " + HEADER.size());
            }
            return Optional.of(new Row(parseTime(record.get(0).trim()), record.get(1).trim(), record.get(2).trim(),
                    record.get(3), parseCount(record.get(4)), parseCount(record.get(5)), parseScore(record.get(6))));
        } catch (IllegalArgumentException | DateTimeException e) {
            if (rewriting) {
                LOG.warn("{} record {}: dropped a row that cannot be read ({})", file, record.getRecordNumber(),
                        e.getMessage());
            } else {
                LOG.debug("{} record {}: skipped a row that cannot be read ({})", file, record.getRecordNumber(),
                        e.getMessage());
            }
            return Optional.empty();
        }
    }

    private Instant parseTime(String text) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        TemporalAccessor parsed = READ.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime odt
                ? odt.toInstant()
                : ((LocalDateTime) parsed).atZone(zone).toInstant();
    }

    private static Integer parseCount(String text) {
        String value = text.trim();
        if (ABSENT.contains(value.toLowerCase(Locale.ROOT))) {
            return null;
        }
        double number = Double.parseDouble(value);
        if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a whole number: " + value);
        }
        return (int) number;
    }

    private static Double parseScore(String text) {
        String value = text.trim();
        return ABSENT.contains(value.toLowerCase(Locale.ROOT)) ? null : Double.parseDouble(value);
    }

    private void write(List<Row> rows) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, FORMAT)) {
            printer.printRecord(HEADER);
            for (Row row : rows) {
                printer.printRecord(format(row.at()), row.algorithm(), row.tenant(), row.message(), row.epochs(),
                        row.components(), row.score() == null ? null : score(row.score()));
            }
        }
        replaceAtomically(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void replaceAtomically(byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + FILE_NAME + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private String format(Instant at) {
        return WRITTEN.format(at.atZone(zone));
    }

    private static String score(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    @Override
    public String toString() {
        return "TrainSummaryLog[" + file + "]";
    }
}
