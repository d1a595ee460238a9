package org.nodeoslab.emulator.cpu.jit;

/** A back end: turns a region's IR into code that runs it. */
public interface RegionCompiler {
    /**
     * Compiles {@code region}; returns null when it cannot (the region is then left to the interpreter). The
     * result must behave exactly as the interpreter would on the same instructions (see {@link CompiledRegion}).
     */
    CompiledRegion compile(Region region);
}
