package io.mlservice.totara;

import io.mlservice.format.ByteSize;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Stops a CSV parser from buffering one endless row: counts the characters read since the last row began and fails
 * past a bound. The CSV library keeps a whole row in memory before it hands it over, so without this one broken
 * quote (or a hostile file) could make it read gigabytes into a single field.
 */
final class RowLengthGuard extends FilterReader {
    /** The parser reads ahead by up to its buffer; a row's count may include that much of the next row. */
    private static final int READ_AHEAD = 64 * 1024;

    private final long maxRowChars;
    private long read;
    private long rowStart;

    RowLengthGuard(Reader in, long maxRowChars) {
        super(in);
        this.maxRowChars = maxRowChars;
    }

    /** A row was handed over: the next one starts counting now. */
    void rowEnded() {
        rowStart = read;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            counted(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int chars) throws RowTooLongException {
        read += chars;
        if (read - rowStart > maxRowChars + READ_AHEAD) {
            throw new RowTooLongException(maxRowChars);
        }
    }

    /** Raised inside the parser; {@link CsvTable} turns it into an error naming the file and line. */
    static final class RowTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        RowTooLongException(long maxRowChars) {
            super("a row longer than " + ByteSize.text(maxRowChars));
        }
    }
}
