package io.mlservice.totara.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads a written export back with a plain RFC 4180 parser, for assertions. */
record ExportFiles(Path folder) {

    private static final CSVFormat WITH_HEADER = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .get();

    List<String> tenants() {
        return records("tenants.csv").stream().map(r -> r.get("tenants")).toList();
    }

    List<CSVRecord> interactions(String tenant) {
        return records(DemoExportGenerator.interactionFile(tenant));
    }

    List<CSVRecord> users(String tenant) {
        return records(DemoExportGenerator.userFile(tenant));
    }

    List<CSVRecord> items(String tenant) {
        return records(DemoExportGenerator.itemFile(tenant));
    }

    List<String> header(String file) {
        try (Reader in = Files.newBufferedReader(folder.resolve(file), StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.parse(in).iterator().next().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<CSVRecord> records(String file) {
        try (Reader in = Files.newBufferedReader(folder.resolve(file), StandardCharsets.UTF_8)) {
            return WITH_HEADER.parse(in).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
