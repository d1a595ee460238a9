package org.nodeoslab.emulator.web.jit;

import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.jit.wasm.WasmJit;

/**
 * The browser build's switch for compiled guest code: installs jit-wasm's back end over the {@link BrowserWasmLoader}
 * for the machines made afterwards, once {@link JitProbe} has shown that this browser's path works (else the
 * interpreter alone: a machine never depends on compiled code to run).
 */
public final class WebJit {
    /**
     * In a hot page, entries into one entry point before its region is compiled, in the browser (the JVM's default is
     * 2000). Measured in chromium, `node -e` after restoring the start-up state (bench-browser, 2-core box at load
     * 9-11): with 2000, ~1000 modules were compiled (1.4-1.9 s of the worker's time) for 35% of the instructions, and
     * the browser spent 10-15% more CPU than the interpreter alone; with 20000, ~146 modules (0.2-0.4 s) ran 23% of
     * them at the interpreter's CPU time. V8's short-lived code is not worth a module yet. Again with modules compiled
     * in the background (two runs each, load 7-9, browser CPU against the interpreter's beside it): 5000 compiled ~1080
     * modules (50% of the instructions; more than the 768 kept live) for 14.6-15.4 s against 13.4-16.0 s; 2000
     * compiled ~2540, evicting and queueing (95-195 still compiling at the end), for 15.1-16.4 s against 12.9-14.5 s.
     * Once more with memory inline and 2048 live modules (README, "Lower entry thresholds"): 10000/10000 or 10000/5000
     * compiled 41-50% of the instructions for the same browser CPU as 20000/20000's 34%, 2000/2000 58% for 20% more.
     */
    static final int BROWSER_ENTRY_THRESHOLD = 20_000;

    private static BrowserWasmLoader loader;
    /** The "on" mode compiles modules in the background (forced mode always at once: tests want the code now). */
    private static boolean background = true;
    private static boolean memoryInline = true;
    private static int maxModules = BrowserWasmLoader.MAX_MODULES;
    private static int batch = 1;
    /** See {@link #pageEntries}. */
    static final int BROWSER_PAGE_ENTRIES = 0;
    private static int pageEntries = BROWSER_PAGE_ENTRIES;
    /** See {@link #lookupSampling}. */
    static final int BROWSER_LOOKUP_SAMPLING = 16;
    private static int lookupSampling = BROWSER_LOOKUP_SAMPLING;

    private WebJit() {
    }

    /**
     * Whether the "on" mode compiles in the background (the default) or at once, blocking the machine (to measure
     * one against the other), for the machines configured afterwards.
     */
    public static void compileInBackground(boolean inBackground) {
        background = inBackground;
    }

    /**
     * Whether modules read and write guest memory inline in the emulator's linear memory (the default) or through the
     * helpers (to measure one against the other), for the machines configured afterwards.
     */
    public static void memoryInline(boolean inline) {
        memoryInline = inline;
    }

    /** Live modules at most (0 or less: {@link BrowserWasmLoader#MAX_MODULES}), for the machines made afterwards. */
    public static void maxModules(int max) {
        maxModules = max > 0 ? max : BrowserWasmLoader.MAX_MODULES;
    }

    /**
     * Regions per module when compiling in the background, for the machines configured afterwards: 1 or less, a
     * module each (the default); more, jit-wasm batches them (see {@link BrowserWasmLoader#batch}).
     */
    public static void batch(int regions) {
        batch = Math.max(1, regions);
    }

    /**
     * Whole-page modules (jit-wasm's PageModuleWriter), for the machines configured afterwards: when an entry becomes
     * hot, the entries of its page taken at least {@code entries} times go into one module with it; 0 takes the
     * browser's default ({@link #BROWSER_PAGE_ENTRIES}), a negative number switches them off.
     */
    public static void pageEntries(int entries) {
        pageEntries = entries == 0 ? BROWSER_PAGE_ENTRIES : Math.max(0, entries);
    }

    /**
     * For the machines configured afterwards: the interpreter's branch targets not marked as compiled entries are
     * looked up about one in {@code n} (JitConfig's lookupSampling); 0 takes {@link #BROWSER_LOOKUP_SAMPLING}, 1
     * looks up every one.
     */
    public static void lookupSampling(int n) {
        lookupSampling = n == 0 ? BROWSER_LOOKUP_SAMPLING : Math.max(1, n);
    }

    /** nodeos-jit.js: the module compiling in the background for {@code slot} is in the table now. */
    public static void moduleReady(int slot) {
        if (loader != null) {
            loader.compiled(slot);
        }
    }

    /**
     * {@code mode} off, on or force; a threshold or instructions per region of 0 takes the JIT's default, an entry
     * threshold of 0 {@link #BROWSER_ENTRY_THRESHOLD}. Returns what is in force ("jit on threshold 20000/20000", or
     * "jit off" and why).
     */
    public static String configure(String mode, int threshold, int entryThreshold, int maxInstructions, JitHost host) {
        JitConfig.Mode parsed = JitConfig.parseMode(mode);
        if (parsed == JitConfig.Mode.OFF) {
            Jit.install(null, JitConfig.OFF);
            return JitConfig.OFF.toString();
        }
        String probe = JitProbe.check(host);
        if (!probe.equals("ok")) {
            Jit.install(null, JitConfig.OFF);
            return JitConfig.OFF + " (this browser's path for compiled code failed its self-test: " + probe + ")";
        }
        JitConfig config = new JitConfig(parsed,
                threshold > 0 ? threshold : JitConfig.DEFAULT_THRESHOLD, 0,
                maxInstructions > 0 ? maxInstructions : JitConfig.DEFAULT_MAX_INSTRUCTIONS,
                entryThreshold > 0 ? entryThreshold : BROWSER_ENTRY_THRESHOLD).withPages(pageEntries)
                .withLookupSampling(lookupSampling);
        JitExports.link();
        if (loader == null || loader.host() != host) {
            loader = new BrowserWasmLoader(host);
        }
        loader.background(parsed == JitConfig.Mode.ON && background);
        loader.memoryInline(memoryInline);
        loader.maxModules(maxModules);
        loader.batch(batch);
        WasmJit.install(loader, config);
        return config.toString();
    }
}
