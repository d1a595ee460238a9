package org.nodeoslab.emulator.jit.jvm;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.nodeoslab.emulator.cpu.jit.CompiledRegion;
import org.nodeoslab.emulator.cpu.jit.PendingRegion;
import org.nodeoslab.emulator.cpu.jit.Region;
import org.nodeoslab.emulator.cpu.jit.RegionCompiler;

/**
 * The JVM back end: each region becomes a hidden class (defined without {@code STRONG}, so once the code cache
 * drops its only instance the class can be unloaded) whose method HotSpot then compiles like any other. Regions
 * whose method would pass {@link #CODE_LIMIT} bytes of bytecode are split (HotSpot does not compile methods over
 * 8000 bytes: {@code HugeMethodLimit}). In the background (the default in mode on) a thread of its own writes and
 * defines the class while the emulator's thread goes on interpreting.
 */
public final class JvmRegionCompiler implements RegionCompiler {
    /** Below HotSpot's HugeMethodLimit (8000), leaving room for what ASM adds when it writes frames. */
    static final int CODE_LIMIT = 7000;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** {@code -Dnodeos.jit.dump=DIR} writes each class file there (for javap -c), named by the region's address. */
    private static final String DUMP = System.getProperty("nodeos.jit.dump");

    private final AtomicLong classes = new AtomicLong();
    private final AtomicLong classBytes = new AtomicLong();
    /** Nanoseconds of CPU the background thread spent writing and defining classes. */
    private final AtomicLong backgroundNanos = new AtomicLong();

    /**
     * The thread that compiles regions in the background (one: writing a class takes ~1 ms and HotSpot's own
     * compiler threads then compile it; a daemon, so it never keeps the JVM alive). Started on first use.
     */
    private ExecutorService background;

    @Override
    public boolean compileInBackground(PendingRegion pending) {
        backgroundThread().execute(() -> {
            long start = threadCpuNanos();
            try {
                pending.finish(compile(pending.region()));
            } catch (RuntimeException e) {
                pending.fail(e);
            } finally {
                backgroundNanos.addAndGet(threadCpuNanos() - start);
            }
        });
        return true;
    }

    private synchronized ExecutorService backgroundThread() {
        if (background == null) {
            background = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "nodeos-jit-compiler");
                t.setDaemon(true);
                return t;
            });
        }
        return background;
    }

    private static long threadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** CPU time the background compiler thread has spent so far, in nanoseconds. */
    public long backgroundCpuNanos() {
        return backgroundNanos.get();
    }

    @Override
    public CompiledRegion compile(Region region) {
        RegionClassWriter writer = new RegionClassWriter(region);
        byte[] bytes = writer.write();
        if (writer.codeLength > CODE_LIMIT) {
            int n = region.instructions.size();
            return n < 2 ? null : compile(region.prefix(n / 2));
        }
        if (DUMP != null) {
            dump(region, bytes);
        }
        try {
            Class<?> type = LOOKUP.defineHiddenClass(bytes, true).lookupClass();
            CompiledRegion code = (CompiledRegion) type.getDeclaredConstructor().newInstance();
            classes.incrementAndGet();
            classBytes.addAndGet(bytes.length);
            return code;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the JVM refused the class compiled from " + region, e);
        }
    }

    private void dump(Region region, byte[] bytes) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(DUMP);
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(String.format("region-%08x-%d.class", region.physicalAddress(),
                    classes.get())), bytes);
            java.nio.file.Files.writeString(dir.resolve(String.format("region-%08x-%d.txt",
                    region.physicalAddress(), classes.get())), region.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Classes defined so far (by every CPU using this compiler). */
    public long classCount() {
        return classes.get();
    }

    /** Bytes of class files defined so far. */
    public long classBytes() {
        return classBytes.get();
    }
}
