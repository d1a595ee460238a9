package org.nodeoslab.emulator.web.jit;

import java.io.ByteArrayOutputStream;

import org.teavm.interop.Export;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * Proves the browser's plumbing for compiled code with a small hand-assembled module before any guest code relies
 * on it: the module imports two helpers exported by this (TeaVM) module, is loaded through {@link JitHost}, runs
 * through the {@link Trampoline}, and a Java exception thrown by a helper must unwind through its frames to the Java
 * caller (the JIT's faults depend on that). Also measures what a call costs.
 */
public final class JitProbe {
    /** What {@link #fail} throws: a guest fault stands for it in real code. */
    static final class ProbeFault extends RuntimeException {
        final int code;

        ProbeFault(int code) {
            super("probe fault " + code);
            this.code = code;
        }
    }

    /** The last measurement's sum: nothing may optimize its calls away. */
    static long sink;

    private JitProbe() {
    }

    @Export(name = "jitProbe_add")
    public static int add(int a, int b) {
        return a + b;
    }

    @Export(name = "jitProbe_fail")
    public static int fail(int code) {
        throw new ProbeFault(code);
    }

    /**
     * {@code run(eip, budget)}: with eip 0, returns fail(budget) (which throws); else adds eip to a sum budget times
     * through the helper add and returns the sum.
     */
    static byte[] module() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}, 0, 8);
        section(m, 1, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f);
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(2);
        importFunction(imports, "jitProbe", "jitProbe_add", 0);
        importFunction(imports, "jitProbe", "jitProbe_fail", 1);
        section(m, 2, imports.toByteArray());
        section(m, 3, 0x01, 0x00);
        section(m, 7, 0x01, 0x03, 'r', 'u', 'n', 0x00, 0x02);
        int[] body = {
            0x01, 0x01, 0x7f,                   // one local: the sum
            0x20, 0x00, 0x45, 0x04, 0x40,       // if eip == 0
            0x20, 0x01, 0x10, 0x01, 0x0f,       //   return fail(budget)
            0x0b,
            0x02, 0x40, 0x03, 0x40,             // block loop
            0x20, 0x01, 0x45, 0x0d, 0x01,       //   br_if out: budget == 0
            0x20, 0x02, 0x20, 0x00, 0x10, 0x00, 0x21, 0x02,   // sum = add(sum, eip)
            0x20, 0x01, 0x41, 0x01, 0x6b, 0x21, 0x01,         // budget--
            0x0c, 0x00, 0x0b, 0x0b,
            0x20, 0x02, 0x0b,                   // sum
        };
        int[] code = new int[body.length + 2];
        code[0] = 1;
        code[1] = body.length;
        System.arraycopy(body, 0, code, 2, body.length);
        section(m, 10, code);
        return m.toByteArray();
    }

    private static void importFunction(ByteArrayOutputStream out, String module, String name, int type) {
        for (String s : new String[] {module, name}) {
            out.write(s.length());
            for (char c : s.toCharArray()) {
                out.write(c);
            }
        }
        out.write(0x00);
        out.write(type);
    }

    private static void section(ByteArrayOutputStream out, int id, int... content) {
        byte[] bytes = new byte[content.length];
        for (int i = 0; i < content.length; i++) {
            bytes[i] = (byte) content[i];
        }
        section(out, id, bytes);
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.write(content.length); // every section here is under 128 bytes: a one-byte LEB128
        out.write(content, 0, content.length);
    }

    private static long measure(int slot, int calls, boolean helper) {
        long sum = 0;
        long start = System.nanoTime();
        if (helper) {
            sum = Trampoline.run(slot, 1, calls);
        } else {
            for (int i = 0; i < calls; i++) {
                sum += Trampoline.run(slot, i | 1, 0);
            }
        }
        long elapsed = System.nanoTime() - start;
        sink = sum; // keeps the calls' results live
        return elapsed;
    }

    /**
     * Loads the probe and checks every hop: "ok", or what went wrong. The slot is released afterwards.
     */
    public static String check(JitHost host) {
        int slot = host.load(Int8Array.copyFromJavaArray(module()));
        if (slot < 0) {
            return "the probe module was refused: " + host.failure();
        }
        try {
            int sum = Trampoline.run(slot, 7, 6);
            if (sum != 42) {
                return "run(7, 6) through the trampoline gave " + sum + ", not 42";
            }
            try {
                Trampoline.run(slot, 0, 13);
                return "a helper's exception did not reach the Java caller";
            } catch (ProbeFault f) {
                if (f.code != 13) {
                    return "a helper's exception arrived with code " + f.code + ", not 13";
                }
            }
            // The machine goes on after a fault: the table and the module still work.
            sum = Trampoline.run(slot, 1, 5);
            return sum == 5 ? "ok" : "run after an exception gave " + sum + ", not 5";
        } finally {
            host.release(slot);
        }
    }

    /**
     * Nanoseconds per call, measured over {@code calls}: with {@code helper} false, Java to the module's run through the
     * trampoline (a run that calls nothing); with true, the module calling a Java helper (one run, many calls).
     */
    public static double callNanos(JitHost host, int calls, boolean helper) {
        int slot = host.load(Int8Array.copyFromJavaArray(module()));
        if (slot < 0) {
            throw new IllegalStateException("the probe module was refused: " + host.failure());
        }
        try {
            measure(slot, calls / 4, helper); // a warm-up: V8 compiles hot wasm functions again, optimized
            return (double) measure(slot, calls, helper) / calls;
        } finally {
            host.release(slot);
        }
    }
}
