package io.mlservice.serving;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TopNTest {

    @Test
    void selectsWhatAFullSortWouldPutFirst() {
        SplittableRandom random = new SplittableRandom(1);
        for (int round = 0; round < 200; round++) {
            int items = 1 + random.nextInt(60);
            float[] scores = new float[items];
            for (int i = 0; i < items; i++) {
                scores[i] = random.nextInt(8) * 0.5f - 2f;
            }
            int from = random.nextInt(items);
            int to = from + random.nextInt(items - from + 1);
            int exclude = random.nextBoolean() ? -1 : random.nextInt(items);
            int n = random.nextInt(items + 3);

            int[] expected = IntStream.range(from, to).filter(i -> i != exclude).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing(i -> i))
                    .limit(n).mapToInt(Integer::intValue).toArray();

            assertThat(TopN.select(scores, from, to, n, exclude)).containsExactly(expected);
        }
    }
}
