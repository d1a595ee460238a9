package org.nodeoslab.emulator.cpu.jit;

/**
 * Where the interpreter ran with the JIT on, and why not compiled code: the instructions it ran after each look-up
 * of the code cache that handed out nothing, by the reason the look-up gave and by physical page. Counted once per
 * look-up (a few additions), not per instruction, and only once a bench tool asked ({@code JitBridge.countMisses});
 * the figures for deciding what to compile (read through {@link CodeCache#countersJson}).
 */
public final class Misses {
    /** The page has not been entered often enough to be hot. */
    public static final int COLD = 0;
    /** The page is hot, but this entry has not been taken often enough to be compiled. */
    public static final int LUKEWARM = 1;
    /** The page's code was rewritten too often to compile it again. */
    public static final int REWRITTEN = 2;
    /** Its region is being compiled in the background. */
    public static final int PENDING = 3;
    /** Its region has no instruction compiled code runs itself. */
    public static final int NO_CODE = 4;
    /** Its region does not fit the instructions left in the run loop's budget, or the page's window. */
    public static final int SHORT = 5;
    /** A region was found but ran nothing (its module not ready yet, a 16-bit stack). */
    public static final int NOT_RUN = 6;
    /** No look-up: 16-bit code, or EIP's page not reachable through the TLB. */
    public static final int NOT_LOOKED = 7;
    private static final String[] NAMES = {"cold", "lukewarm", "rewritten", "pending", "noCode", "short", "notRun",
        "notLooked"};

    private final long[] byReason = new long[NAMES.length];
    private final int[] byPage;

    Misses(int ramPages) {
        this.byPage = new int[ramPages];
    }

    void add(int reason, int page, long instructions) {
        byReason[reason] += instructions;
        byPage[page] += (int) instructions;
    }

    /** Instructions the interpreter ran after a look-up in {@code page} found nothing to run (wrapping). */
    public int interpretedIn(int page) {
        return byPage[page];
    }

    /** Instructions interpreted for {@code reason}. */
    public long byReason(int reason) {
        return byReason[reason];
    }

    /** The {@code n} pages the interpreter ran most in (fewer if fewer ran any), most first. */
    int[] topPages(int n) {
        int[] top = new int[n];
        int count = 0;
        if (n == 0) {
            return top;
        }
        for (int page = 0; page < byPage.length; page++) {
            int v = byPage[page];
            if (v == 0 || (count == n && v <= byPage[top[n - 1]])) {
                continue;
            }
            int at = count < n ? count++ : n - 1;
            while (at > 0 && byPage[top[at - 1]] < v) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = page;
        }
        return java.util.Arrays.copyOf(top, count);
    }

    void appendJson(StringBuilder s) {
        for (int i = 0; i < NAMES.length; i++) {
            s.append(",\"").append(NAMES[i]).append("\":").append(byReason[i]);
        }
        int pages = 0;
        for (int v : byPage) {
            if (v != 0) {
                pages++;
            }
        }
        s.append(",\"interpretedPages\":").append(pages);
    }

    /** Starts counting afresh (a bench's next measurement). */
    public void reset() {
        java.util.Arrays.fill(byReason, 0);
        java.util.Arrays.fill(byPage, 0);
    }
}
