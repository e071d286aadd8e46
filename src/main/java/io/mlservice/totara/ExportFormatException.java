package io.mlservice.totara;

import java.io.IOException;

/** A Totara export that must not be used as it is; the message names the file and, where known, line and column. */
public final class ExportFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String column;

    /**
     * @param file   the file name, without folder
     * @param line   the 1-based line, or 0 when the problem is not on one line
     * @param column the column name, or null when the problem is not in one column
     */
    public ExportFormatException(String file, long line, String column, String problem) {
        this(file, line, column, problem, null);
    }

    public ExportFormatException(String file, long line, String column, String problem, Throwable cause) {
        super(location(file, line, column) + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem is not on one line. */
    public long line() {
        return line;
    }

    /** The column name, or null when the problem is not in one column. */
    public String column() {
        return column;
    }

    private static String location(String file, long line, String column) {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(" line ").append(line);
        }
        if (column != null) {
            where.append(line > 0 ? ", " : " ").append("column \"").append(column).append('"');
        }
        return where.toString();
    }
}
