package io.mlservice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The heap pools' peak use since the last reset, as the JVM's {@link MemoryPoolMXBean}s keep it. The sum of each
 * pool's own peak is an upper bound of the heap's peak (the pools need not peak at the same moment), garbage
 * included.
 */
final class HeapPeaks {
    private HeapPeaks() {
    }

    static void reset() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long sum() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The heap's limit ({@code -Xmx}, or the JVM's default). */
    static long max() {
        return Runtime.getRuntime().maxMemory();
    }
}
