package io.mlservice.serving;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's items laid out in "slots": grouped by type (types in order of first appearance), in index order within
 * a type, so that the items of one type are one contiguous block [{@link #start}, {@link #end}) of every per-slot
 * table.
 */
final class ItemSlots {
    private final Map<String, Integer> typeCode;
    private final int[] typeOf;
    /** The items of type t occupy slots [typeStart[t], typeStart[t + 1]). */
    private final int[] typeStart;
    private final int[] itemAtSlot;
    private final int[] slotOfItem;

    ItemSlots(List<String> itemTypes) {
        int items = itemTypes.size();
        this.typeCode = new LinkedHashMap<>();
        this.typeOf = new int[items];
        for (int i = 0; i < items; i++) {
            typeOf[i] = typeCode.computeIfAbsent(itemTypes.get(i), t -> typeCode.size());
        }
        this.typeStart = new int[typeCode.size() + 1];
        for (int t : typeOf) {
            typeStart[t + 1]++;
        }
        for (int t = 0; t < typeStart.length - 1; t++) {
            typeStart[t + 1] += typeStart[t];
        }
        this.itemAtSlot = new int[items];
        this.slotOfItem = new int[items];
        int[] fill = Arrays.copyOf(typeStart, typeStart.length - 1);
        for (int i = 0; i < items; i++) {
            int slot = fill[typeOf[i]]++;
            itemAtSlot[slot] = i;
            slotOfItem[i] = slot;
        }
    }

    /** The type's code, or null for a type no item has. */
    Integer type(String itemType) {
        return typeCode.get(itemType);
    }

    int typeCount() {
        return typeCode.size();
    }

    int typeOf(int item) {
        return typeOf[item];
    }

    /** The first slot of the type. */
    int start(int type) {
        return typeStart[type];
    }

    /** One past the type's last slot. */
    int end(int type) {
        return typeStart[type + 1];
    }

    int itemAt(int slot) {
        return itemAtSlot[slot];
    }

    int slotOf(int item) {
        return slotOfItem[item];
    }
}
