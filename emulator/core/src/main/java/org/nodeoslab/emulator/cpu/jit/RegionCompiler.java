package org.nodeoslab.emulator.cpu.jit;

/** A back end: turns a region's IR into code that runs it. */
public interface RegionCompiler {
    /**
     * Compiles {@code region}; returns null when it cannot (the region is then left to the interpreter). The
     * result must behave exactly as the interpreter would on the same instructions (see {@link CompiledRegion}).
     */
    CompiledRegion compile(Region region);

    /**
     * True if this back end compiles the regions of one physical page together ({@link #compilePage}); the code cache
     * then does so when its {@link JitConfig#pageEntryThreshold} is set. False by default.
     */
    default boolean compilesPages() {
        return false;
    }

    /**
     * Compiles {@code regions}, all of one physical page and mode, as one unit in which a jump, call or fall-through
     * from one region to the entry of another goes on there without leaving the compiled code (v86's whole-page
     * modules): the code of each, or null when the back end cannot (the cache then compiles them one by one). Each
     * region's code may run any of the others' until it returns, so it holds as long as the page is not written:
     * the code cache drops them all at a write into any of them.
     */
    default CompiledRegion[] compilePage(Region[] regions) {
        return null;
    }

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
