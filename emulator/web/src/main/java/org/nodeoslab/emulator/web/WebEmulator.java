package org.nodeoslab.emulator.web;

import org.teavm.jso.JSExport;

/**
 * TeaVM's entry point for the browser build: the static methods here are the WebAssembly module's exports.
 * nodeos-emulator.js wraps them; pages use that module, not these exports directly.
 */
public final class WebEmulator {
    private WebEmulator() {
    }

    /** A bare machine (CPU, RAM, console port 0xE9) with {@code ramMiB} MiB of RAM, in real mode after reset. */
    @JSExport
    public static WebMachine createMachine(int ramMiB) {
        return new WebMachine(new CpuMachine(ramMiB));
    }
}
