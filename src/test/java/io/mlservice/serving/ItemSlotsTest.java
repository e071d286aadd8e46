package io.mlservice.serving;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ItemSlotsTest {

    @Test
    void itemsOfOneTypeAreOneBlockInIndexOrderTypesInOrderOfFirstAppearance() {
        ItemSlots slots = new ItemSlots(List.of("course", "article", "course", "article", "course"));

        assertThat(slots.typeCount()).isEqualTo(2);
        assertThat(slots.type("course")).isZero();
        assertThat(slots.type("article")).isOne();
        assertThat(slots.type("survey")).isNull();
        assertThat(new int[]{slots.start(0), slots.end(0), slots.start(1), slots.end(1)})
                .containsExactly(0, 3, 3, 5);
        assertThat(new int[]{slots.itemAt(0), slots.itemAt(1), slots.itemAt(2), slots.itemAt(3), slots.itemAt(4)})
                .containsExactly(0, 2, 4, 1, 3);
        for (int item = 0; item < 5; item++) {
            assertThat(slots.itemAt(slots.slotOf(item))).isEqualTo(item);
        }
    }
}
