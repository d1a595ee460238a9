package org.nodeoslab.emulator.cpu.jit;

/**
 * The switches of compiled guest code. System properties (the CLI's {@code --jit MODE} sets the first):
 * <ul>
 *   <li>{@code nodeos.jit} = {@code on} (hot pages are compiled: the default, where a back end is installed),
 *       {@code off} (the interpreter alone: the kill switch) or {@code force} (every region is compiled the first
 *       time it is entered, as short as the instruction budget of that run asks: for tests);</li>
 *   <li>{@code nodeos.jit.threshold}: entries into a physical page before its regions are compiled (default
 *       {@value #DEFAULT_THRESHOLD});</li>
 *   <li>{@code nodeos.jit.split}: a seed; regions then end after a random number of instructions (tests the
 *       hand-over between compiled code and the interpreter at every boundary);</li>
 *   <li>{@code nodeos.jit.max}: instructions per region (default {@value #DEFAULT_MAX_INSTRUCTIONS});</li>
 *   <li>{@code nodeos.jit.entry-threshold}: in a hot page, entries into one entry point before its region is
 *       compiled (default {@value #DEFAULT_ENTRY_THRESHOLD}), so code that runs a few times is left to the
 *       interpreter (a new class runs in the JVM's own interpreter until HotSpot compiles it);</li>
 *   <li>{@code nodeos.jit.background} = {@code true} (the default) or {@code false}: in mode {@code on}, a back
 *       end that can compiles regions on its own thread while the interpreter goes on (what the guest sees is the
 *       same either way, compiled code being exact; only which instructions run compiled differs); false compiles
 *       on the emulator's thread when the entry becomes hot. {@code force} always compiles at once.</li>
 * </ul>
 */
public final class JitConfig {
    public enum Mode { OFF, ON, FORCE }

    public static final int DEFAULT_THRESHOLD = 20_000;
    public static final int DEFAULT_MAX_INSTRUCTIONS = 64;
    /**
     * Measured on the JVM (bench --nodeos, CPU of the emulator's thread / of the process): with 2000 the NodeOS boot
     * took 49.5 / 75.1 s and node -e 15.2 / 21.4 s, with 5000 43.7 / 63.0 and 11.4 / 14.4 s, with 20000 38.6 /
     * 49.8 and 10.3 / 11.7 s (interpreter: 65.5 / 71.6 and 14.3 / 14.8 s): code V8 runs a few thousand times
     * costs more to compile (HotSpot compiles each new class too) than it saves. The browser has its own.
     */
    public static final int DEFAULT_ENTRY_THRESHOLD = 20_000;
    public static final JitConfig OFF = new JitConfig(Mode.OFF, DEFAULT_THRESHOLD, 0, DEFAULT_MAX_INSTRUCTIONS);

    public final Mode mode;
    public final int threshold;
    /** 0: no random splits. */
    public final long splitSeed;
    public final int maxInstructions;
    public final int entryThreshold;
    /** Compile in the background when the back end can (mode on only). */
    public final boolean background;
    /**
     * With a back end that {@link RegionCompiler#compilesPages}: 0, each hot entry's region is compiled alone; N > 0,
     * when an entry becomes hot (forced: is first entered) its page is compiled whole, with every entry of it the
     * cache counted at least N times and those compiled before (see {@link CodeCache}).
     */
    public final int pageEntryThreshold;
    /**
     * Mode on: 1, the run loop looks for compiled code at every branch target the interpreter reaches; N > 1, at
     * those whose decoded entry is marked as a compiled entry (or has no FastForms handler), and at about one in N
     * of the others, which then counts as N entries: the unmarked targets are lukewarm code's, where the look-up
     * finds nothing but a count to raise (24M of a warm node -e's 32M look-ups in the browser). See
     * {@link org.nodeoslab.emulator.cpu.JitBridge}'s enter.
     */
    public final int lookupSampling;

    /** Without a per-entry threshold: every entry of a hot page is compiled (tests), at once. */
    public JitConfig(Mode mode, int threshold, long splitSeed, int maxInstructions) {
        this(mode, threshold, splitSeed, maxInstructions, 1);
    }

    /** The defaults for {@code mode} (background compile in mode on). */
    public static JitConfig defaults(Mode mode) {
        return new JitConfig(mode, DEFAULT_THRESHOLD, 0, DEFAULT_MAX_INSTRUCTIONS, DEFAULT_ENTRY_THRESHOLD, true);
    }

    /** Compiled at once, on the emulator's thread. */
    public JitConfig(Mode mode, int threshold, long splitSeed, int maxInstructions, int entryThreshold) {
        this(mode, threshold, splitSeed, maxInstructions, entryThreshold, false);
    }

    public JitConfig(Mode mode, int threshold, long splitSeed, int maxInstructions, int entryThreshold,
            boolean background) {
        this(mode, threshold, splitSeed, maxInstructions, entryThreshold, background, 0, 1);
    }

    private JitConfig(Mode mode, int threshold, long splitSeed, int maxInstructions, int entryThreshold,
            boolean background, int pageEntryThreshold, int lookupSampling) {
        if (threshold < 1 || entryThreshold < 1 || maxInstructions < 1 || maxInstructions > 255) {
            throw new IllegalArgumentException("JIT thresholds must be >= 1 and instructions per region 1..255");
        }
        this.mode = mode;
        this.threshold = threshold;
        this.splitSeed = splitSeed;
        this.maxInstructions = maxInstructions;
        this.entryThreshold = entryThreshold;
        this.background = background && mode == Mode.ON;
        this.pageEntryThreshold = mode != Mode.OFF ? Math.max(0, pageEntryThreshold) : 0;
        this.lookupSampling = mode == Mode.ON ? Math.max(1, lookupSampling) : 1; // (forced: every entry compiled)
    }

    /** The same settings, compiling in the background or not. */
    public JitConfig withBackground(boolean inBackground) {
        return new JitConfig(mode, threshold, splitSeed, maxInstructions, entryThreshold, inBackground,
                pageEntryThreshold, lookupSampling);
    }

    /** The same settings, compiling whole pages from entries counted {@code entries} times (0: off). */
    public JitConfig withPages(int entries) {
        return new JitConfig(mode, threshold, splitSeed, maxInstructions, entryThreshold, background, entries,
                lookupSampling);
    }

    /** The same settings, unmarked branch targets looked up about one in {@code n} (1: all; {@link #lookupSampling}). */
    public JitConfig withLookupSampling(int n) {
        return new JitConfig(mode, threshold, splitSeed, maxInstructions, entryThreshold, background,
                pageEntryThreshold, n);
    }

    /** {@code off}, {@code on} or {@code force}; anything else is an error naming the value. */
    public static Mode parseMode(String value) {
        switch (value) {
            case "off": return Mode.OFF;
            case "on": return Mode.ON;
            case "force": return Mode.FORCE;
            default:
                throw new IllegalArgumentException("nodeos.jit / --jit: expected off, on or force, not '" + value + "'");
        }
    }

    public static JitConfig fromSystemProperties() {
        String mode = System.getProperty("nodeos.jit", "on");
        return new JitConfig(parseMode(mode),
                intProperty("nodeos.jit.threshold", DEFAULT_THRESHOLD),
                longProperty("nodeos.jit.split", 0),
                intProperty("nodeos.jit.max", DEFAULT_MAX_INSTRUCTIONS),
                intProperty("nodeos.jit.entry-threshold", DEFAULT_ENTRY_THRESHOLD),
                booleanProperty("nodeos.jit.background", true));
    }

    private static boolean booleanProperty(String name, boolean defaultValue) {
        String v = System.getProperty(name);
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim()) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException(name + ": expected true or false, not '" + v + "'");
        }
    }

    private static int intProperty(String name, int defaultValue) {
        long v = longProperty(name, defaultValue);
        if (v != (int) v) {
            throw new IllegalArgumentException(name + ": out of range: " + v);
        }
        return (int) v;
    }

    private static long longProperty(String name, long defaultValue) {
        String v = System.getProperty(name);
        try {
            return v == null ? defaultValue : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number: '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return "jit " + mode.name().toLowerCase() + (mode == Mode.ON ? " threshold " + threshold + "/" + entryThreshold
                + (background ? " background" : "") + (pageEntryThreshold > 0 ? " pages " + pageEntryThreshold : "")
                + (lookupSampling > 1 ? " look-ups 1/" + lookupSampling : "")
                : "")
                + (splitSeed != 0 ? " split " + splitSeed : "");
    }
}
