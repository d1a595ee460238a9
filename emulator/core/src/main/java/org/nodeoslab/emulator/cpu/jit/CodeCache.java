package org.nodeoslab.emulator.cpu.jit;

import java.util.ArrayList;
import java.util.Random;

import org.nodeoslab.emulator.cpu.JitBridge;

/**
 * Compiled regions of one CPU, by entry (physical address and code-segment size): finds the region to run at a
 * branch target, counts entries per physical page (as v86 does) to decide when a page is hot, compiles regions
 * through the installed back end, and drops them when their bytes are written, when another entry takes their slot,
 * or, beyond the back end's {@link RegionCompiler#maxLive}, the least recently entered first. A dropped region is
 * told so once ({@link CompiledRegion#released}: a wasm module's table slot is freed) and is then unreachable (a JVM
 * back end's hidden classes unload).
 */
public final class CodeCache {
    private static final int SLOTS = 1 << 16;
    private static final int MASK = SLOTS - 1;

    private final JitBridge cpu;
    private final RegionCompiler compiler;
    private final JitConfig config;
    private final boolean forced;
    private final Random split;
    /**
     * Direct-mapped on the entry's physical address; the region's {@link CompiledRegion#key} confirms a hit (in the
     * object the hit goes on to read anyway: a separate array of keys was one more scattered load per look-up).
     */
    private final CompiledRegion[] table = new CompiledRegion[SLOTS];
    /** Entries into each physical page before it was hot. */
    private final int[] hotness;
    /**
     * Per physical page: writes that dropped compiled code there (saturating). A page whose code keeps being
     * rewritten (a JavaScript engine's code space) is left to the interpreter: compiling it again costs more than
     * the code runs.
     */
    private final byte[] rewrites;
    /** Rewrites of a page after which its code is no longer compiled. */
    static final int REWRITE_LIMIT = 4;
    /**
     * In hot pages: entries into one entry point, direct-mapped like the table: the key at {@code 2 * slot}, its
     * count at {@code 2 * slot + 1} (side by side: one cache line where two arrays cost two).
     */
    private final int[] entryCounts = new int[2 * SLOTS];
    /** Per physical page: the regions compiled from it (to drop them when it is written), or null. */
    private final ArrayList<CompiledRegion>[] byPage;
    /**
     * Per physical page: writes into its watched code so far (wrapping). A region compiled in the background is
     * installed only if its page's count is what it was when the region was built.
     */
    private final int[] pageWrites;
    private long backgroundCompiles;
    private long staleCompiles;
    /**
     * Per physical page compiled whole ({@link #compilePage}): the physical address and length of each region its
     * code holds, dropped ones included (a region evicted or displaced is still reachable from the others inside
     * that code), for {@link #codeWritten}; else null.
     */
    private final int[][] pageSpans;
    /**
     * Per physical page: times it was compiled whole again (saturating). Beyond {@link #RECOMPILE_LIMIT} its new
     * entries are compiled alone, at the entry threshold: two pages whose entries take each other's table slots would
     * otherwise compile each other again and again.
     */
    private final byte[] pageRecompiles;
    static final int RECOMPILE_LIMIT = 8;
    /** Pages compiled whole, and the regions they held. */
    private long pageCompiles, pageRegions;
    /** The most regions one page's code holds (the entries counted most, and the hot one). */
    static final int MAX_PAGE_REGIONS = 64;

    /** The regions that can still run (indexed by their liveIndex), for eviction. */
    private CompiledRegion[] live = new CompiledRegion[64];
    private int liveCount;
    private final int maxLive;
    /** Counts hand-outs of compiled regions: their {@code used} stamps. */
    private long clock;

    private long compiled;
    private long evicted;
    /** Regions dropped because bytes they were compiled from were written. */
    private long droppedWritten;
    /** Live regions dropped because another entry took their slot in the table. */
    private long displaced;

    /**
     * Why the last look-up handed out no code (one of {@link Misses}' reasons) and in which page: what the
     * interpreter runs from there until the next look-up is counted under it ({@link #interpreted}).
     */
    private int miss;
    private int missPage;
    private final Misses misses;

    @SuppressWarnings("unchecked")
    public CodeCache(JitBridge cpu, RegionCompiler compiler, JitConfig config, int ramPages) {
        this.cpu = cpu;
        this.compiler = compiler;
        this.config = config;
        this.forced = config.mode == JitConfig.Mode.FORCE;
        this.split = config.splitSeed != 0 ? new Random(config.splitSeed) : null;
        this.hotness = new int[ramPages];
        this.rewrites = new byte[ramPages];
        this.byPage = new ArrayList[ramPages];
        // Compiling whole pages, a back end's limit is its modules': a page's regions share one.
        int limit = Math.max(1, compiler.maxLive());
        this.maxLive = config.pageEntryThreshold > 0 && compiler.compilesPages() && limit <= Integer.MAX_VALUE / 8
                ? 8 * limit : limit;
        this.pageWrites = new int[ramPages];
        this.pageSpans = new int[ramPages][];
        this.pageRecompiles = new byte[ramPages];
        this.misses = new Misses(ramPages);
        java.util.Arrays.fill(entryCounts, -1);
    }

    /**
     * The region to run at EIP {@code eip} (physical address and mode {@code key}) within {@code budget}
     * instructions, compiling it if its page is hot; null to let the interpreter go on.
     */
    public CompiledRegion find(int key, int eip, int budget) {
        return find(key, eip, budget, 1);
    }

    /**
     * As {@link #find}, the look-up standing for {@code weight} entries at this EIP ({@link JitConfig#lookupSampling}:
     * one look-up in about that many): the page's and the entry's counts rise by as much.
     */
    public CompiledRegion find(int key, int eip, int budget, int weight) {
        int page = (key & 0x7FFFFFFF) >>> 12;
        if (!forced && hotness[page] < config.threshold) {
            // A page not yet hot holds no compiled code: counting it is all there is to do, without touching the
            // table's scattered slots (this look-up runs at every branch target the interpreter reaches: 9.4% of
            // the browser's samples in a node -e with the JIT on, 7.3% with this exit, all in hot pages).
            hotness[page] += weight;
            miss = Misses.COLD;
            missPage = page;
            return null;
        }
        missPage = page;
        return findInHotPage(key, eip, budget, page, weight);
    }

    /**
     * As {@link #find}, for a chaining exit of region {@code from} to the entry {@code key}, where the region the
     * exit remembers ({@code known}) does not fit: the one it remembered before that, if it fits, without a look-up;
     * and where {@code from}'s
     * exits found no code last time for a reason only more entries change (a cold page, a lukewarm entry, code
     * that cannot be compiled or keeps being rewritten), only about one exit in {@link JitConfig#lookupSampling} to
     * that entry looks again, counting for the exits passed, as the interpreter's sampled look-ups do: the chain
     * then ends without the look-up's scattered loads (in the browser a warm node -e ends 8M chains a run, most at
     * the same few lukewarm entries after the same regions).
     */
    public CompiledRegion findAfter(CompiledRegion from, CompiledRegion known, int key, int eip, int budget) {
        CompiledRegion other = from.otherSuccessor;
        if (other != null && other.key == key && !other.dropped && other.length <= budget
                && other.bytes <= cpu.windowLeft(eip)) {
            from.otherSuccessor = known; // (a RET returning to two callers in turn finds each here)
            chainedToOther++;
            return other;
        }
        int sampling = config.lookupSampling;
        int weight = 1;
        if (from.missKey == key) {
            if (--from.missCountdown > 0) {
                chainLookUpsSkipped++;
                miss = from.missReason;
                missPage = (key & 0x7FFFFFFF) >>> 12;
                return null;
            }
            weight = sampling;
        }
        CompiledRegion r = find(key, eip, budget, weight);
        if (r != null) {
            from.otherSuccessor = known;
        }
        if (r == null && sampling > 1 && (miss == Misses.COLD || miss == Misses.LUKEWARM || miss == Misses.NO_CODE
                || miss == Misses.REWRITTEN)) {
            from.missKey = key;
            from.missCountdown = sampling;
            from.missReason = miss;
        } else {
            from.missKey = 0;
        }
        return r;
    }

    /**
     * Chaining exits that ended without a look-up, and those that took the region their exit remembered before the
     * last one ({@link #findAfter}), since start.
     */
    private long chainLookUpsSkipped, chainedToOther;

    public long chainLookUpsSkipped() {
        return chainLookUpsSkipped;
    }

    public long chainedToOther() {
        return chainedToOther;
    }

    /** {@link #find} in a hot page (or forced): the entry's slot, else its count, else compiling its region. */
    private CompiledRegion findInHotPage(int key, int eip, int budget, int page, int weight) {
        int slot = key & MASK;
        CompiledRegion r = table[slot];
        if (r != null && r.key == key) {
            // (NoCode and PendingRegion never fit a budget: the common hit is the first test)
            if (r.length <= budget && r.bytes <= cpu.windowLeft(eip)) {
                r.used = ++clock;
                return r;
            }
            if (r instanceof NoCode) {
                miss = Misses.NO_CODE;
                return null;
            }
            if (r instanceof PendingRegion) {
                miss = Misses.PENDING;
                return installed((PendingRegion) r, key, eip, budget);
            }
            if (!forced) {
                miss = Misses.SHORT;
                return null;
            }
            drop(r); // forced mode runs compiled code at any budget: rebuild it as short as asked
        } else if (!forced) {
            if (rewrites[page] >= REWRITE_LIMIT) {
                miss = Misses.REWRITTEN;
                return null;
            }
            miss = Misses.LUKEWARM;
            // (A page compiled whole is compiled again when another entry reaches this threshold. At the page
            // threshold, as v86 does, node -e after a restore recompiled ~230 pages per run, 7 MB of modules, and
            // took 16-17 s of browser CPU against 10.5 s.)
            int threshold = config.entryThreshold;
            if (threshold > 1) {
                int[] counts = entryCounts;
                int at = 2 * slot;
                if (counts[at] != key) {
                    counts[at] = key;
                    counts[at + 1] = 0;
                }
                if ((counts[at + 1] += weight) < threshold) {
                    return null;
                }
            }
        }
        int max = forced ? Math.min(budget, config.maxInstructions) : config.maxInstructions;
        if (config.pageEntryThreshold > 0 && compiler.compilesPages() && pageRecompiles[page] < RECOMPILE_LIMIT) {
            CompiledRegion code = compilePage(key, eip, page, max);
            return code != null && code.length <= budget ? code : null;
        }
        // Forced: compiled code runs now, as short as the budget asks. Hot: the region is built whole and waits
        // for a run with budget enough (cut to this budget it would stay short).
        Region region = RegionBuilder.build(cpu, eip, key, max, split);
        if (region == null) {
            return null;
        }
        if (config.background && region.nativeCount() > 0 && startInBackground(key, region)) {
            miss = Misses.PENDING;
            return null; // the interpreter goes on; the code is installed when this entry is next visited
        }
        CompiledRegion code = compile(key, region);
        return code != null && code.length <= budget ? code : null;
    }

    /**
     * v86's whole-page compile: the hot entry {@code key} (at EIP {@code eip}) and every other entry of its page
     * the counts saw at least {@link JitConfig#pageEntryThreshold} times or compiled before are built into regions
     * and compiled together ({@link RegionCompiler#compilePage}), replacing the page's code so far; the hot entry's
     * code (of at most {@code max} instructions), or null.
     */
    private CompiledRegion compilePage(int key, int eip, int page, int max) {
        int[] keys = pageEntries(key, page);
        Region[] regions = new Region[keys.length];
        int count = 0;
        Region hot = null;
        for (int k : keys) {
            // (the same physical page, mapped at one linear page: the EIPs differ as the physical addresses)
            Region region = RegionBuilder.build(cpu, eip + (k - key), k, k == key ? max : config.maxInstructions,
                    split);
            if (k == key) {
                if (region == null) {
                    return null;
                }
                hot = region;
            }
            if (region != null && region.nativeCount() > 0) {
                regions[count++] = region;
            }
        }
        if (count <= 1) {
            return compile(key, hot); // nothing else worth it: a region alone (or NoCode)
        }
        regions = endAtEntries(java.util.Arrays.copyOf(regions, count));
        CompiledRegion[] codes = compiler.compilePage(regions);
        if (codes == null) {
            return compile(key, hot);
        }
        if (pageSpans[page] != null) {
            pageRecompiles[page]++;
        }
        ArrayList<CompiledRegion> before = byPage[page];
        if (before != null) {
            for (CompiledRegion r : new ArrayList<>(before)) {
                drop(r); // superseded: its entry is in this code too
            }
        }
        while (liveCount > 0 && liveCount + count > maxLive) {
            evictLeastRecentlyUsed();
        }
        int[] spans = new int[2 * count];
        CompiledRegion hotCode = null;
        int base = page << 12;
        for (int i = 0; i < count; i++) {
            Region region = regions[i];
            spans[2 * i] = region.physicalAddress();
            spans[2 * i + 1] = region.bytes;
            if (region.key != key && holdsOther(region.key)) {
                // Its slot is another page's live code's: taking it would have that page compiled again when its
                // entry comes back, and so on (two pages taking each other's slots in turn). Reachable from the
                // page's other regions only.
                codes[i].released();
                continue;
            }
            CompiledRegion code = register(region.key, region, codes[i]);
            if (code != null) {
                code.spanFrom = base;
                code.spanTo = base + 4096;
                if (region.key == key) {
                    hotCode = code;
                }
            }
        }
        pageSpans[page] = spans;
        pageCompiles++;
        pageRegions += count;
        return hotCode;
    }

    /**
     * Each region cut before its first instruction that is another region's entry: its end then goes on into that
     * region inside the page's code, and the page's instructions are compiled once rather than once per entry that
     * leads into them (entries inside another region's code are common in V8's code: they made a page module ~21 KB).
     */
    private static Region[] endAtEntries(Region[] regions) {
        boolean[] entry = new boolean[4096];
        for (Region r : regions) {
            entry[r.physicalAddress() & 0xFFF] = true;
        }
        for (int k = 0; k < regions.length; k++) {
            Region r = regions[k];
            int from = r.physicalAddress() & 0xFFF;
            for (int i = 1; i < r.instructions.size(); i++) {
                int at = from + r.instructions.get(i).start;
                if (at < 4096 && entry[at]) {
                    regions[k] = r.prefix(i);
                    break;
                }
            }
        }
        return regions;
    }

    /**
     * The live region whose entry is {@code key}, if the table holds it (no counting, no compiling): for a back end
     * whose modules went from region to region themselves and name the last by its key.
     */
    public CompiledRegion live(int key) {
        CompiledRegion r = table[key & MASK];
        return r != null && r.key == key && !r.dropped && !(r instanceof NoCode) && !(r instanceof PendingRegion)
                ? r : null;
    }

    /** True if the table slot of {@code key} holds its code, compiled or being compiled. */
    public boolean holdsCode(int key) {
        CompiledRegion r = table[key & MASK];
        return r != null && r.key == key && !(r instanceof NoCode);
    }

    /** True if the table slot of {@code key} holds live code of another entry. */
    private boolean holdsOther(int key) {
        CompiledRegion r = table[key & MASK];
        return r != null && r.key != key && !(r instanceof NoCode) && !(r instanceof PendingRegion) && !r.dropped;
    }

    /** {@link #pageEntries}' scratch: the page's entries, and their ranks and offsets. */
    private final int[] pageKeys = new int[4096];
    private final long[] pageRanks = new long[4096];

    /**
     * The keys of page {@code page}'s entries to compile with {@code key}: itself, those with live code, and those
     * the counts saw at least the page threshold times; at most {@link #MAX_PAGE_REGIONS}, the most counted first.
     */
    private int[] pageEntries(int key, int page) {
        int mode = key & 0x80000000;
        int base = page << 12;
        int[] keys = pageKeys;
        long[] ranked = pageRanks;
        int n = 0;
        for (int offset = 0; offset < 4096; offset++) {
            int k = (base + offset) | mode;
            int slot = k & MASK;
            CompiledRegion r = table[slot];
            boolean live = r != null && r.key == k && !(r instanceof NoCode) && !(r instanceof PendingRegion);
            int count = entryCounts[2 * slot] == k ? entryCounts[2 * slot + 1] : 0;
            if (k == key || live || count >= config.pageEntryThreshold) {
                int rank = k == key || live ? Integer.MAX_VALUE : count;
                ranked[n] = (long) rank << 32 | offset; // (offsets below 4096: the low word sorts nothing away)
                keys[n++] = k;
            }
        }
        if (n > MAX_PAGE_REGIONS) {
            java.util.Arrays.sort(ranked, 0, n);
            for (int i = 0; i < MAX_PAGE_REGIONS; i++) {
                keys[i] = (base + (int) ranked[n - 1 - i]) | mode;
            }
            n = MAX_PAGE_REGIONS;
        }
        return java.util.Arrays.copyOf(keys, n);
    }

    private CompiledRegion compile(int key, Region region) {
        if (region.nativeCount() > 0 && liveCount >= maxLive) {
            evictLeastRecentlyUsed(); // first, so the back end never holds more than its limit
        }
        return register(key, region, region.nativeCount() == 0 ? null : compiler.compile(region));
    }

    /**
     * Hands the region (built here: that reads the decoded code and the CPU) to the back end's thread, a
     * {@link PendingRegion} holding the entry's slot meanwhile; false when the back end cannot.
     */
    private boolean startInBackground(int key, Region region) {
        PendingRegion pending = new PendingRegion(region, pageWrites[region.physicalAddress() >>> 12]);
        if (!compiler.compileInBackground(pending)) {
            return false;
        }
        int slot = key & MASK;
        if (table[slot] != null) {
            displace(table[slot]);
        }
        table[slot] = pending;
        // A write into its bytes while it compiles shows in pageWrites (the decoded-code cache reports it).
        cpu.watch(region.physicalAddress(), region.bytes);
        backgroundCompiles++;
        return true;
    }

    /**
     * The entry's slot holds a region compiling in the background: once it is finished, its code takes the slot
     * (unless code in its page was written meanwhile: then the slot is freed and the entry, still hot, is built
     * again from the new bytes); the code if it fits this run, else null.
     */
    private CompiledRegion installed(PendingRegion pending, int key, int eip, int budget) {
        if (!pending.isFinished()) {
            return null;
        }
        table[key & MASK] = null;
        Region region = pending.region();
        if (pending.pageWrites != pageWrites[region.physicalAddress() >>> 12]) {
            staleCompiles++;
            return null;
        }
        CompiledRegion compiled = pending.code();
        if (compiled != null && liveCount >= maxLive) {
            evictLeastRecentlyUsed();
        }
        CompiledRegion code = register(key, region, compiled);
        return code != null && code.length <= budget && code.bytes <= cpu.windowLeft(eip) ? code : null;
    }

    /** Puts the code compiled from {@code region} (null: none, the interpreter runs it) in the entry's slot. */
    private CompiledRegion register(int key, Region region, CompiledRegion code) {
        int slot = key & MASK;
        if (table[slot] != null) {
            displace(table[slot]);
        }
        if (code == null) {
            table[slot] = new NoCode(key);
            return null;
        }
        code.key = key;
        code.region = region;
        code.length = region.instructions.size();
        code.bytes = region.bytes;
        code.spanFrom = region.physicalAddress();
        code.spanTo = code.spanFrom + region.bytes;
        table[slot] = code;
        int page = region.physicalAddress() >>> 12;
        if (byPage[page] == null) {
            byPage[page] = new ArrayList<>();
        }
        byPage[page].add(code);
        cpu.watch(region.physicalAddress(), region.bytes);
        code.used = ++clock;
        if (liveCount == live.length) {
            live = java.util.Arrays.copyOf(live, liveCount * 2);
        }
        code.liveIndex = liveCount;
        live[liveCount++] = code;
        compiled++;
        return code;
    }

    /** Drops the live region handed out least recently (a scan: this runs once per compile, at most). */
    private void evictLeastRecentlyUsed() {
        CompiledRegion oldest = live[0];
        for (int i = 1; i < liveCount; i++) {
            if (live[i].used < oldest.used) {
                oldest = live[i];
            }
        }
        drop(oldest);
        evicted++;
        // Its entry must be hot again before it is compiled again: code that left the working set may not return.
        int at = 2 * (oldest.key & MASK);
        if (entryCounts[at] == oldest.key) {
            entryCounts[at + 1] = 0;
        }
    }

    /**
     * Drops the region in a slot another entry takes (counted when it was live code). The table and the entry counts
     * are direct-mapped on the address's low 16 bits, so entry points 64 KiB apart take each other's slot and wipe
     * each other's count: one node -e left entry points taken 20000+ times in it uncompiled (62M of its 523M
     * instructions). Made two-way set-associative on a hash (ce818b8), more was compiled (runs 1/2/3 after a restore:
     * 39/58.5/67.5% against 36/48.5/53.5%) but the first run took more browser CPU (13.7/11.4/12.8/14.3 s against
     * 12.9/10.1/12.0/11.1, pairs interleaved) and the third less (10.0/8.7/11.0/9.3 against 10.4/9.7/11.9/10.5): V8's
     * lukewarm code does not yet pay for its compilation (see emulator/web's README), so the collisions stay.
     */
    private void displace(CompiledRegion r) {
        if (!(r instanceof NoCode || r instanceof PendingRegion) && !r.dropped) {
            displaced++;
        }
        drop(r);
    }

    private void drop(CompiledRegion r) {
        if (r instanceof NoCode || r instanceof PendingRegion) {
            // Compiled to nothing, or still compiling: it holds only the slot (not live, nothing to release); a
            // pending result is never installed.
            int slot = r.key & MASK;
            if (table[slot] == r) {
                table[slot] = null;
            }
            r.dropped = true;
            return;
        }
        ArrayList<CompiledRegion> list = byPage[r.region.physicalAddress() >>> 12];
        if (list != null) {
            list.remove(r);
        }
        forget(r);
    }

    /** Takes a live region out of the table and the live set and tells it so (its page list is the caller's). */
    private void forget(CompiledRegion r) {
        int slot = r.key & MASK;
        if (table[slot] == r) {
            table[slot] = null;
        }
        if (r.dropped) {
            return;
        }
        r.dropped = true;
        CompiledRegion last = live[--liveCount];
        live[r.liveIndex] = last;
        last.liveIndex = r.liveIndex;
        live[liveCount] = null;
        r.released();
    }

    /**
     * Bytes [physicalAddress, + length) of one page were written: drops the regions that hold any of them and
     * watches again the lines of those that stay (the decoded-code cache forgets the lines it saw written).
     * (The bridge stops the running region itself when the write reaches its bytes.)
     */
    public void codeWritten(int physicalAddress, int length) {
        int page = physicalAddress >>> 12;
        pageWrites[page]++;
        forgetNothing(physicalAddress, length);
        ArrayList<CompiledRegion> list = byPage[page];
        int[] spans = pageSpans[page];
        if (spans != null && overlaps(spans, physicalAddress, length)) {
            // Compiled whole: each region's code may go on into any other's, so all of them go.
            pageSpans[page] = null;
            if (list != null) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    droppedWritten++;
                    forget(list.remove(i));
                }
            }
            if (rewrites[page] < REWRITE_LIMIT) {
                rewrites[page]++;
            }
            return;
        }
        if (spans != null) {
            // The decoded-code cache forgot the lines written: those of the page's regions no longer live (evicted,
            // displaced) still matter while the others stand.
            for (int i = 0; i < spans.length; i += 2) {
                cpu.watch(spans[i], spans[i + 1]);
            }
        }
        if (list == null) {
            return;
        }
        boolean dropped = false;
        int end = physicalAddress + length;
        for (int i = list.size() - 1; i >= 0; i--) {
            CompiledRegion r = list.get(i);
            int from = r.region.physicalAddress();
            if (from < end && physicalAddress < from + r.region.bytes) {
                dropped = true;
                droppedWritten++;
                list.remove(i);
                forget(r);
            }
        }
        for (CompiledRegion r : list) {
            cpu.watch(r.region.physicalAddress(), r.region.bytes);
        }
        if (dropped && rewrites[page] < REWRITE_LIMIT) {
            rewrites[page]++;
        }
    }

    private static boolean overlaps(int[] spans, int physicalAddress, int length) {
        for (int i = 0; i < spans.length; i += 2) {
            if (spans[i] < physicalAddress + length && physicalAddress < spans[i] + spans[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Entries marked as not worth compiling near a write may compile now (what they run has changed). */
    private void forgetNothing(int physicalAddress, int length) {
        int from = Math.max(physicalAddress - 15, physicalAddress & ~0xFFF);
        for (int a = from; a < physicalAddress + length; a++) {
            CompiledRegion r = table[a & MASK];
            if (r instanceof NoCode && (r.key & 0x7FFFFFFF) == a) {
                table[a & MASK] = null;
            }
        }
    }

    /** Every region is dropped (RAM replaced, RESET, a state restored). */
    public void clear() {
        while (liveCount > 0) {
            forget(live[liveCount - 1]);
        }
        java.util.Arrays.fill(table, null);
        java.util.Arrays.fill(byPage, null);
        java.util.Arrays.fill(pageSpans, null);
        java.util.Arrays.fill(pageRecompiles, (byte) 0);
        java.util.Arrays.fill(hotness, 0);
        java.util.Arrays.fill(rewrites, (byte) 0);
    }

    /** Regions handed to the back end's thread since start. */
    public long backgroundCount() {
        return backgroundCompiles;
    }

    /** Regions compiled in the background but not installed: code in their page was written meanwhile. */
    public long staleCount() {
        return staleCompiles;
    }

    /** Regions compiled since start. */
    public long compiledCount() {
        return compiled;
    }

    /** Regions that can still run. */
    public int liveCount() {
        return liveCount;
    }

    /** Regions dropped to keep the live ones within the back end's {@link RegionCompiler#maxLive}. */
    public long evictedCount() {
        return evicted;
    }

    /** Regions dropped because their bytes were written. */
    public long droppedWrittenCount() {
        return droppedWritten;
    }

    /**
     * {@code instructions} ran in the interpreter since the last look-up ended (the run loop's count): they are
     * counted under why that look-up found no code, and its page.
     */
    public void interpreted(long instructions) {
        misses.add(miss, missPage, instructions);
    }

    /** A compiled region was entered but ran nothing (its module not ready, a 16-bit stack). */
    public void notRun() {
        miss = Misses.NOT_RUN;
    }

    /** No look-up: the code is not 32-bit, or its page could not be reached through the TLB. */
    public void notLooked() {
        miss = Misses.NOT_LOOKED;
    }

    /** Where the interpreter ran, and why not compiled code (see {@link Misses}). */
    public Misses misses() {
        return misses;
    }

    /**
     * The counters of {@link #misses} and the cache, as one line of JSON (bench tools diff two of them), with the
     * {@code topPages} pages the interpreter ran most in: their entries, whether hot, their live regions, rewrites.
     */
    public String countersJson(int topPages) {
        StringBuilder s = new StringBuilder("{");
        s.append("\"compiled\":").append(compiled).append(",\"live\":").append(liveCount)
                .append(",\"evicted\":").append(evicted).append(",\"droppedWritten\":").append(droppedWritten).append(",\"displaced\":").append(displaced)
                .append(",\"background\":").append(backgroundCompiles).append(",\"stale\":").append(staleCompiles)
                .append(",\"pageCompiles\":").append(pageCompiles).append(",\"pageRegions\":").append(pageRegions);
        int rewritten = 0;
        for (byte b : rewrites) {
            if (b >= REWRITE_LIMIT) {
                rewritten++;
            }
        }
        s.append(",\"rewrittenPages\":").append(rewritten).append(",\"chainLookUpsSkipped\":").append(chainLookUpsSkipped)
                .append(",\"chainedToOther\":").append(chainedToOther);
        cpu.appendTripsJson(s);
        misses.appendJson(s);
        s.append(",\"pages\":[");
        int[] top = misses.topPages(topPages);
        for (int i = 0; i < top.length; i++) {
            int page = top[i];
            ArrayList<CompiledRegion> list = byPage[page];
            s.append(i == 0 ? "" : ",").append("{\"page\":").append(page).append(",\"interpreted\":")
                    .append(misses.interpretedIn(page)).append(",\"hotness\":").append(hotness[page])
                    .append(",\"regions\":").append(list == null ? 0 : list.size())
                    .append(",\"rewrites\":").append(rewrites[page]).append('}');
        }
        return s.append("]}").toString();
    }

    /** Holds the slot of an entry whose region compiled to nothing useful (no native instruction): the interpreter runs it. */
    private static final class NoCode extends CompiledRegion {
        NoCode(int key) {
            this.key = key;
            this.length = Integer.MAX_VALUE; // never fits a budget: the cache's fast path never hands it out
        }

        @Override
        public int run(JitBridge cpu, int entryEip, int budget) {
            return 0;
        }
    }
}
