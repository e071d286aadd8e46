package io.mlservice.serving;

/**
 * The cosine of two items' embeddings (biases left out), read from the recommender's slot-ordered table: {@code k}
 * rows of {@code slots} floats, component d of slot s at {@code d * slots + s}; zero when either vector is zero.
 */
record ItemCosines(int k, int slots, float[] components, float[] normAtSlot) {

    float between(int slotA, int slotB) {
        float dot = 0f;
        for (int d = 0; d < k; d++) {
            dot += components[d * slots + slotA] * components[d * slots + slotB];
        }
        float denominator = normAtSlot[slotA] * normAtSlot[slotB];
        return denominator > 0f ? dot / denominator : 0f;
    }
}
