package io.mlservice.bench;

import io.mlservice.cli.Main;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The API benchmark's smallest run serves real answers on both endpoints and counts none as failed. */
class ApiBenchCommandTest {

    @Test
    void measuresBothEndpointsWithThroughputAndNoFailures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int code;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = Main.run("bench", "api", "--items", "200", "--seconds", "1", "--warmup", "0", "--clients", "2",
                    "--components", "16", "--while-training");
        } finally {
            System.setOut(previous);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out).isZero();
        assertThat(out).contains("== 200 items");
        Matcher lines = Pattern.compile("(/user-items|/similar-items)\\s+2 clients:\\s+([\\d,]+) req/s.*failed (\\d+)")
                .matcher(out);
        List<String> endpoints = new ArrayList<>();
        while (lines.find()) {
            endpoints.add(lines.group(1));
            assertThat(Long.parseLong(lines.group(2).replace(",", ""))).as(lines.group()).isPositive();
            assertThat(lines.group(3)).as(lines.group()).isEqualTo("0");
        }
        assertThat(endpoints).containsExactly("/user-items", "/similar-items");
        assertThat(out).containsPattern("/user-items\\s+1 client:\\s+median \\d+\\.\\d+ ms .*failed 0");
        assertThat(out).containsPattern("in the background on \\d+ threads; trainings finished: \\d+");
    }
}
