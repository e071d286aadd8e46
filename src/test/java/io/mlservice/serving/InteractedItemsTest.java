package io.mlservice.serving;

import io.mlservice.data.Interactions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InteractedItemsTest {

    @Test
    void interactedItemsAreFoundPerUserWithTheirSeenFlag() {
        Interactions interactions = new Interactions(2, 4, new int[]{1, 0, 1}, new int[]{3, 2, 0},
                new float[]{1f, 1f, 1f}, new boolean[]{true, false, false});
        InteractedItems interacted = new InteractedItems(interactions, 2);

        assertThat(interacted.end(0) - interacted.start(0)).isOne();
        assertThat(interacted.contains(0, 2, false)).isTrue();
        assertThat(interacted.contains(0, 2, true)).isFalse();
        assertThat(interacted.contains(1, 3, true)).isTrue();
        assertThat(interacted.contains(1, 0, true)).isFalse();
        assertThat(interacted.contains(1, 2, false)).isFalse();
        assertThat(interacted.item(interacted.start(1))).isZero();
    }
}
