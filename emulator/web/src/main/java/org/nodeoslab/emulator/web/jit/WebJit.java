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
    private static BrowserWasmLoader loader;

    private WebJit() {
    }

    /**
     * {@code mode} off, on or force; a threshold, entry threshold or instructions per region of 0 takes the JIT's
     * default. Returns what is in force ("jit on threshold 20000/2000", or "jit off" and why).
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
                entryThreshold > 0 ? entryThreshold : parsed == JitConfig.Mode.FORCE ? 1
                        : JitConfig.DEFAULT_ENTRY_THRESHOLD);
        JitExports.link();
        if (loader == null || loader.host() != host) {
            loader = new BrowserWasmLoader(host);
        }
        WasmJit.install(loader, config);
        return config.toString();
    }
}
