package io.mlservice.totara;

import io.mlservice.format.ByteSize;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** One export CSV file read row by row: strict UTF-8, optional BOM, columns by header name, exact start lines. */
final class CsvTable implements Closeable {
    // Blank lines come back as a record of one empty field instead of being skipped inside the parser, so the
    // parser's line count before each record is exactly the line before the one where that record starts.
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_PRESIZE = 1 << 22;

    private final Path path;
    private final String file;
    private final ExportLimits limits;
    private final RowLengthGuard guard;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final Map<String, Integer> columns;
    private final long headerLine;
    private long line;

    private CsvTable(Path path, ExportLimits limits, RowLengthGuard guard) throws IOException {
        this.path = path;
        this.file = path.getFileName().toString();
        this.limits = limits;
        this.guard = guard;
        this.parser = CSVParser.parse(guard, FORMAT);
        this.records = parser.iterator();
        CSVRecord first = nextNonBlank();
        if (first == null) {
            throw new ExportFormatException(file, 0, null, "empty file (expected a header line)");
        }
        headerLine = line;
        header = List.copyOf(first.toList());
        columns = indexColumns();
    }

    /** Opens a file within the default {@link ExportLimits}. */
    static CsvTable open(Path path) throws IOException {
        return open(path, ExportLimits.defaults());
    }

    static CsvTable open(Path path, ExportLimits limits) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
        try {
            skipBom(in);
            // a row may hold several fields of the largest size; beyond that it is broken, whatever its fields
            long maxRowChars = 4L * limits.maxFieldBytes() + limits.maxColumns();
            return new CsvTable(path, limits, new RowLengthGuard(new InputStreamReader(in, strictUtf8()),
                    maxRowChars));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    String file() {
        return file;
    }

    List<String> header() {
        return header;
    }

    /** The index of a column the file must have. */
    int required(String name) throws ExportFormatException {
        Integer index = columns.get(name);
        if (index == null) {
            throw new ExportFormatException(file, headerLine, name,
                    "missing required column (header: " + String.join(",", header) + ")");
        }
        return index;
    }

    /** The index of a column, or -1 when the file has none (then {@link Row#get} gives ""). */
    int optional(String name) {
        return columns.getOrDefault(name, -1);
    }

    /** A row count guess from the file size, for pre-sizing collections. */
    int estimatedRows(int bytesPerRow) throws IOException {
        return (int) Math.max(16, Math.min(MAX_PRESIZE, Files.size(path) / bytesPerRow));
    }

    /** The next data row, or null at the end of the file. Blank lines are passed over. */
    Row next() throws IOException {
        CSVRecord record = nextNonBlank();
        if (record == null) {
            return null;
        }
        if (record.size() != header.size()) {
            throw new ExportFormatException(file, line, null,
                    "has " + record.size() + " fields, the header has " + header.size());
        }
        for (int c = 0; c < record.size(); c++) {
            if (record.get(c).length() > limits.maxFieldBytes()) {
                throw new ExportFormatException(file, line, header.get(c), "a field of "
                        + record.get(c).length() + " characters, more than the limit of " + limits.maxFieldBytes()
                        + " (ML_MAX_FIELD_MB)");
            }
        }
        return new Row(file, header, record, line);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private CSVRecord nextNonBlank() throws IOException {
        while (true) {
            line = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                record = records.hasNext() ? records.next() : null;
            } catch (UncheckedIOException e) {
                throw translate(e.getCause());
            }
            guard.rowEnded();
            if (record == null || record.size() != 1 || !record.get(0).isEmpty()) {
                return record;
            }
        }
    }

    private Map<String, Integer> indexColumns() throws ExportFormatException {
        if (header.size() > limits.maxColumns()) {
            throw new ExportFormatException(file, headerLine, null, header.size() + " columns, more than the limit of "
                    + limits.maxColumns() + " (ML_MAX_COLUMNS)");
        }
        Map<String, Integer> index = new HashMap<>(header.size() * 2);
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isEmpty()) {
                throw new ExportFormatException(file, headerLine, null, "column " + (c + 1) + " has no name");
            }
            Integer previous = index.putIfAbsent(name, c);
            if (previous != null) {
                throw new ExportFormatException(file, headerLine, name,
                        "duplicate column name (columns " + (previous + 1) + " and " + (c + 1) + ")");
            }
        }
        return index;
    }

    private IOException translate(IOException cause) {
        if (cause instanceof CharacterCodingException) {
            return encodingError(cause);
        }
        if (cause instanceof RowLengthGuard.RowTooLongException) {
            return new ExportFormatException(file, line, null, cause.getMessage() + ", more than 4 fields of the "
                    + "limit of " + ByteSize.text(limits.maxFieldBytes()) + " (ML_MAX_FIELD_MB): a quote "
                    + "left open, or not an export file", cause);
        }
        return new ExportFormatException(file, line, null, "malformed CSV: " + cause.getMessage(), cause);
    }

    private IOException encodingError(IOException cause) {
        BadBytes bad;
        try {
            bad = locateBadBytes(path);
        } catch (IOException e) {
            cause.addSuppressed(e);
            bad = null;
        }
        if (bad == null) {
            return new ExportFormatException(file, line, null, "not valid UTF-8", cause);
        }
        return new ExportFormatException(file, bad.line(), null, String.format(
                "not valid UTF-8 (byte 0x%02X at byte offset %d); the export must be UTF-8",
                bad.value(), bad.offset()), cause);
    }

    /**
     * Decodes the raw file again to find the first invalid byte: the reader decodes whole buffers ahead of the
     * parser, so the parser's line at the time of the failure is not where the bad byte is.
     */
    private static BadBytes locateBadBytes(Path path) throws IOException {
        CharsetDecoder decoder = strictUtf8();
        ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);
        CharBuffer out = CharBuffer.allocate(BUFFER_BYTES);
        long line = 1;
        long offset = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(path)) {
            while (true) {
                boolean end = channel.read(in) < 0;
                in.flip();
                CoderResult result;
                do {
                    result = decoder.decode(in, out, end);
                    line += drainCountingNewlines(out);
                } while (result.isOverflow());
                if (result.isError()) {
                    return new BadBytes(line, offset + in.position(), in.get(in.position()) & 0xFF);
                }
                offset += in.position();
                in.compact();
                if (end) {
                    return null;
                }
            }
        }
    }

    private static int drainCountingNewlines(CharBuffer out) {
        out.flip();
        int newlines = 0;
        while (out.hasRemaining()) {
            if (out.get() == '\n') {
                newlines++;
            }
        }
        out.clear();
        return newlines;
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    // Java's UTF-8 decoder keeps a byte order mark as U+FEFF, which would become part of the first column name.
    private static void skipBom(InputStream in) throws IOException {
        in.mark(3);
        byte[] start = in.readNBytes(3);
        if (start.length < 3 || start[0] != (byte) 0xEF || start[1] != (byte) 0xBB || start[2] != (byte) 0xBF) {
            in.reset();
        }
    }

    private record BadBytes(long line, long offset, int value) {
    }

    /** A data row with as many fields as the header; {@code line} is where it starts in the file. */
    record Row(String file, List<String> header, CSVRecord record, long line) {

        /** The field in a column, or "" for a column index of -1 (an optional column the file lacks). */
        String get(int column) {
            return column < 0 ? "" : record.get(column);
        }

        ExportFormatException error(int column, String problem) {
            return new ExportFormatException(file, line, header.get(column), problem);
        }
    }
}
