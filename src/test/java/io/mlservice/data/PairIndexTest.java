package io.mlservice.data;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairIndexTest {

    @Test
    void keepsTheFirstPositionOfEachPairAndAnswersLikeAMapWhileGrowingFarPastItsSize() {
        PairIndex index = new PairIndex(4);
        Map<Long, Integer> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 50_000; n++) {
            int user = random.nextInt(3_000);
            int item = random.nextInt(300);
            Integer first = expected.putIfAbsent(((long) user << 32) | item, n);
            assertThat(index.putIfAbsent(user, item, n)).isEqualTo(first == null ? -1 : first);
        }
        assertThat(index.size()).isEqualTo(expected.size());
        expected.forEach((key, position) -> assertThat(index.get((int) (key >>> 32), (int) (long) key))
                .isEqualTo(position));
    }

    @Test
    void userAndItemAreNotInterchangeableAndAbsentPairsAreMinusOne() {
        PairIndex index = new PairIndex(16);
        index.putIfAbsent(1, 2, 5);
        index.putIfAbsent(0, 0, 6);
        assertThat(index.get(1, 2)).isEqualTo(5);
        assertThat(index.get(0, 0)).isEqualTo(6);
        assertThat(index.get(2, 1)).isEqualTo(-1);
        assertThatThrownBy(() -> index.putIfAbsent(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
