package io.mlservice.bench;

import io.mlservice.cli.Main;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's smallest run prints every measurement with a real number (it measures nothing by itself). */
class BenchCommandTest {

    @Test
    void printsThroughputAndSearchCostForTheSmallestSize() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int code;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = Main.run("bench", "--sizes", "10k", "--annealing-up-to", "none", "--epochs", "1");
        } finally {
            System.setOut(previous);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(code).isZero();
        assertThat(out).contains("== MovieLens-100k-shaped", "== 10k demo export", "search (ours): test AUC");
        Matcher rates = Pattern.compile("([\\d,]+) positive samples/s").matcher(out);
        int found = 0;
        while (rates.find()) {
            assertThat(Long.parseLong(rates.group(1).replace(",", ""))).isPositive();
            found++;
        }
        assertThat(found).isEqualTo(4);
    }

    @Test
    void anUnknownSizeIsRefusedBeforeAnyWork() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        int sizes;
        int limit;
        try (PrintStream outCapture = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errCapture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(outCapture);
            System.setErr(errCapture);
            sizes = Main.run("bench", "--sizes", "10k,5k");
            limit = Main.run("bench", "--annealing-up-to", "all");
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }

        assertThat(sizes).isEqualTo(2);
        assertThat(limit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing measured").isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("error: ")))
                .containsExactly("error: Invalid value for option '--sizes' (<size>): unknown size '5k': use 10k,"
                                + " 100k, 1m, 10m",
                        "error: Invalid value for option '--annealing-up-to': unknown size 'all':"
                                + " use 10k, 100k, 1m, 10m or none");
    }
}
