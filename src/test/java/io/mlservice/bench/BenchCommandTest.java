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
}
