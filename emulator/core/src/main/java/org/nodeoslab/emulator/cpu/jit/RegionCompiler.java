package org.nodeoslab.emulator.cpu.jit;

/** A back end: turns a region's IR into code that runs it. */
public interface RegionCompiler {
    /**
     * Compiles {@code region}; returns null when it cannot (the region is then left to the interpreter). The
     * result must behave exactly as the interpreter would on the same instructions (see {@link CompiledRegion}).
     */
    CompiledRegion compile(Region region);

    /**
     * Compiled regions this back end can keep at once: beyond it the code cache drops the least recently entered
     * one before it keeps another (a browser crashes with too many live wasm modules). No limit by default.
     */
    default int maxLive() {
        return Integer.MAX_VALUE;
    }

    /**
     * Starts compiling {@code pending.region()} on another thread and returns true; the back end later calls
     * {@link PendingRegion#finish} (or {@link PendingRegion#fail}) from that thread. False (the default): this back
     * end compiles synchronously only, through {@link #compile}.
     */
    default boolean compileInBackground(PendingRegion pending) {
        return false;
    }
}
