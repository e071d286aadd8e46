package io.mlservice.bench;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The heap in use right after each garbage collection, as the JVM reports it when a collection ends: what
 * survives is what the program holds, so a leak shows as a rising floor, and the highest such value is the most
 * the program held at once. Listens until closed. It reads the
 * notification's open data by name rather than through {@code com.sun.management}, so that it needs no module
 * beyond {@code java.management}; where the JVM sends no such notification it falls back to the heap in use.
 */
final class HeapAfterGc implements AutoCloseable {
    /** {@code GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION}. */
    private static final String COLLECTED = "com.sun.management.gc.notification";

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong highest = new AtomicLong();
    private final NotificationListener listener = this::collected;

    HeapAfterGc() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /**
     * The lowest heap use after a collection since the last call; the heap in use now when none ran.
     */
    long takeLowest() {
        long value = lowest.getAndSet(Long.MAX_VALUE);
        return value == Long.MAX_VALUE ? ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() : value;
    }

    /**
     * The highest heap use after a collection since the last call (what the program held at its fullest, garbage
     * excluded); the heap in use now when none ran.
     */
    long takeHighest() {
        long value = highest.getAndSet(0);
        return value == 0 ? ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() : value;
    }

    private void collected(Notification notification, Object handback) {
        if (!COLLECTED.equals(notification.getType())
                || !(notification.getUserData() instanceof CompositeData data)) {
            return;
        }
        TabularData after = (TabularData) ((CompositeData) data.get("gcInfo")).get("memoryUsageAfterGc");
        long used = 0;
        for (Object row : after.values()) {
            CompositeData pool = (CompositeData) row;
            if (heapPools.contains((String) pool.get("key"))) {
                used += MemoryUsage.from((CompositeData) pool.get("value")).getUsed();
            }
        }
        lowest.accumulateAndGet(used, Math::min);
        highest.accumulateAndGet(used, Math::max);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Never added to this one: nothing to remove.
            }
        }
    }
}
