package org.nodeoslab.emulator.cpu.jit;

import org.nodeoslab.emulator.cpu.JitBridge;

/**
 * A region a back end compiles in the background ({@link RegionCompiler#compileInBackground}): it holds the entry's
 * slot in the code cache and never runs (the interpreter goes on) until the cache, visiting the slot again, finds
 * the code {@link #finish finished} and puts it in its place, on the emulator's thread between instructions. So the
 * only thing another thread touches is this object's result, published through a volatile field.
 */
public final class PendingRegion extends CompiledRegion {
    /** {@link CodeCache}'s count of code writes into the region's page when the region was built. */
    final int pageWrites;
    private volatile boolean finished;
    private CompiledRegion code;
    private RuntimeException failure;

    PendingRegion(Region region, int pageWrites) {
        this.region = region;
        this.key = region.key;
        this.pageWrites = pageWrites;
        this.length = Integer.MAX_VALUE; // never fits a budget: the cache's fast path never hands it out
    }

    @Override
    public int run(JitBridge cpu, int entryEip, int budget) {
        return 0;
    }

    /** The back end's result, from any thread: the code, or null when the region is left to the interpreter. */
    public void finish(CompiledRegion compiled) {
        code = compiled;
        finished = true;
    }

    /** The back end failed (the JVM refused the class): the code cache throws it on the emulator's thread. */
    public void fail(RuntimeException e) {
        failure = e;
        finished = true;
    }

    boolean isFinished() {
        return finished;
    }

    /** The compiled code or null; rethrows the back end's failure. Only once {@link #isFinished}. */
    CompiledRegion code() {
        if (failure != null) {
            throw failure;
        }
        return code;
    }
}
