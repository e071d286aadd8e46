package io.mlservice.totara.demo;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * Streams CSV rows byte for byte as PHP's {@code fputcsv} with its defaults writes them: comma, LF after each row,
 * and a field enclosed in {@code "} exactly when it holds a comma, quote, backslash, CR, LF, tab or space.
 * Commons CSV's own minimal quoting differs (it leaves inner spaces bare, quotes a leading {@code #}), so the
 * decision is taken here and Commons CSV only encloses the fields that need it. PHP leaves a quote right after a
 * backslash undoubled; the generated text has no backslashes, so that quirk is not reproduced.
 */
final class FputcsvWriter implements Closeable {
    private static final CSVFormat ENCLOSED = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL).get();

    private final Writer out;
    private final char[] digits = new char[20];
    private boolean rowStarted;
    private long rows;

    FputcsvWriter(Writer out) {
        this.out = out;
    }

    /** Creates or truncates the file, UTF-8. */
    static FputcsvWriter create(Path file) throws IOException {
        return new FputcsvWriter(new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16));
    }

    FputcsvWriter field(String value) throws IOException {
        if (rowStarted) {
            out.write(',');
        }
        rowStarted = true;
        if (needsEnclosure(value)) {
            // newRecord = true: the delimiter is already written
            ENCLOSED.print(value, out, true);
        } else {
            out.write(value);
        }
        return this;
    }

    /** A number, written without the detour through a String: there are millions of them. */
    FputcsvWriter field(long value) throws IOException {
        if (rowStarted) {
            out.write(',');
        }
        rowStarted = true;
        int at = digits.length;
        long rest = Math.abs(value);
        do {
            digits[--at] = (char) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        if (value < 0) {
            digits[--at] = '-';
        }
        out.write(digits, at, digits.length - at);
        return this;
    }

    void endRow() throws IOException {
        out.write('\n');
        rowStarted = false;
        rows++;
    }

    void row(List<String> fields) throws IOException {
        for (String f : fields) {
            field(f);
        }
        endRow();
    }

    /** Rows ended so far, the header included. */
    long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** PHP's rule; the backslash counts because it is fputcsv's default escape character. */
    static boolean needsEnclosure(String value) {
        for (int i = 0; i < value.length(); i++) {
            switch (value.charAt(i)) {
                case ',', '"', '\\', '\n', '\r', '\t', ' ' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }
}
