package io.mlservice.totara.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class FputcsvWriterTest {

    private static final List<String> AWKWARD = List.of("plain", "two words", "a,b", "say \"hi\"", "", "line\nbreak",
            "tab\there", "back\\slash", "#hash", " lead", "trail ", "München", "'s-Hertogenbosch");

    @Test
    void enclosesExactlyWhatPhpFputcsvEncloses() throws IOException {
        String written = write(AWKWARD);

        // what PHP 8's fputcsv($fp, $fields) writes for these fields
        assertThat(written).isEqualTo("plain,\"two words\",\"a,b\",\"say \"\"hi\"\"\",,\"line\nbreak\","
                + "\"tab\there\",\"back\\slash\",#hash,\" lead\",\"trail \",München,'s-Hertogenbosch\n");
    }

    @Test
    void writesNumbersPlain() throws IOException {
        StringWriter text = new StringWriter();
        try (FputcsvWriter out = new FputcsvWriter(text)) {
            out.field(0).field(-42).field(Long.MAX_VALUE).field(Long.MIN_VALUE + 1).field("x").endRow();
        }

        assertThat(text).hasToString("0,-42,9223372036854775807,-9223372036854775807,x\n");
    }

    @Test
    void readsBackAsTheSameFields() throws IOException {
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(write(AWKWARD) + write(AWKWARD)))
                .getRecords();

        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.toList()).isEqualTo(AWKWARD));
    }

    @Test
    void countsRows() throws IOException {
        try (FputcsvWriter out = new FputcsvWriter(new StringWriter())) {
            out.row(List.of("header"));
            out.field(1).endRow();

            assertThat(out.rows()).isEqualTo(2);
        }
    }

    private static String write(List<String> fields) throws IOException {
        StringWriter text = new StringWriter();
        try (FputcsvWriter out = new FputcsvWriter(text)) {
            out.row(fields);
        }
        return text.toString();
    }
}
