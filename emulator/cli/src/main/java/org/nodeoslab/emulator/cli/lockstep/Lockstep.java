package org.nodeoslab.emulator.cli.lockstep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.InterruptController;
import org.nodeoslab.emulator.cpu.jit.Insn;
import org.nodeoslab.emulator.cpu.jit.Region;

/**
 * Steps our CPU and QEMU one instruction at a time from a common state and stops at the first instruction after
 * which their registers differ. Results that come from outside the CPU (IN, RDTSC, CPUID, RDMSR) are QEMU's,
 * copied into ours; a difference in EFLAGS alone is noted and QEMU's flags adopted (undefined flags legitimately
 * differ) unless {@code strictFlags}. Interrupts stay off on both sides, as QEMU's stub keeps them while stepping.
 */
public final class Lockstep {
    /** How many instructions before the divergence the report shows. */
    private static final int HISTORY = 24;
    /** How many flags-only differences the report lists. */
    private static final int FLAG_NOTES = 12;

    private final Cpu cpu;
    private final QemuMachine qemu;
    private final boolean strictFlags;
    private final PrintStream progress;

    /** Our CPU has compiled code: compare at the end of each compiled region it runs (see {@link #afterRegion}). */
    private final boolean compiledRegions;
    /** Instructions in one compared region at most (the JIT's own limit is lower). */
    private static final int MAX_REGION = 255;
    private long regionRuns;
    private long regionInstructions;

    private final ArrayDeque<String> history = new ArrayDeque<>();
    private final List<String> flagNotes = new ArrayList<>();
    private final List<String> memoryNotes = new ArrayList<>();
    private int flagDifferences;
    private int imported;
    private int rfNotes;

    /** Every this many instructions RAM is compared too (0: never): a store that went wrong shows there. */
    private long memoryCheckInterval;
    private byte[] theirRam;
    /** Our RAM as bytes, for comparing with {@link #theirRam}. */
    private byte[] ourRam;
    private long lastMemoryAgreement;

    public Lockstep(Cpu cpu, QemuMachine qemu, boolean strictFlags, PrintStream progress) {
        this.cpu = cpu;
        this.qemu = qemu;
        this.strictFlags = strictFlags;
        this.progress = progress;
        this.compiledRegions = cpu.compiledCode() != null;
    }

    /** Compares all of RAM with QEMU's every {@code instructions} instructions (about a second per check). */
    public Lockstep checkMemoryEvery(long instructions) {
        this.memoryCheckInterval = instructions;
        return this;
    }

    /** Why the lockstep ended, and what it saw on the way. */
    public static final class Result {
        public final long steps;
        /** Null when the machines agreed throughout. */
        public final String divergence;
        public final String stopReason;
        public final String notes;

        Result(long steps, String divergence, String stopReason, String notes) {
            this.steps = steps;
            this.divergence = divergence;
            this.stopReason = stopReason;
            this.notes = notes;
        }

        public boolean diverged() {
            return divergence != null;
        }

        @Override
        public String toString() {
            return (divergence != null ? divergence : "no divergence in " + steps + " instructions (" + stopReason + ")")
                    + (notes.isEmpty() ? "" : "\n" + notes);
        }
    }

    /** Runs at most {@code maxSteps} instructions in lockstep. Both machines must be in the same state. */
    public Result run(long maxSteps) throws IOException {
        InterruptController pic = cpu.pic;
        cpu.setInterruptController(null);
        try {
            Registers start = qemu.registers();
            String initial = Registers.of(cpu).differences(start, -1);
            if (!initial.isEmpty()) {
                return result(0, "the machines differ before the first step: " + initial + "\n  ours: "
                        + indent(Registers.of(cpu)) + "\n  qemu: " + indent(start), "");
            }
            for (long step = 0; step < maxSteps; ) {
                InstructionPeek insn = InstructionPeek.at(cpu);
                if (insn.kind == InstructionPeek.Kind.HALT) {
                    // Interrupts are off while stepping: neither machine would ever leave the HLT.
                    return result(step, null, "HLT at " + Registers.hex(cpu.segBase[Cpu.CS] + cpu.eip)
                            + "; fast-forward past it with --sync-at");
                }
                int n = 0;
                String d = null;
                if (compiledRegions && insn.kind == InstructionPeek.Kind.ORDINARY) {
                    Registers before = Registers.of(cpu);
                    n = cpu.runCompiledRegion((int) Math.min(MAX_REGION, maxSteps - step), this::ordinaryOnly);
                    if (n > 0) {
                        d = afterRegion(step, n, insn, before);
                    }
                }
                if (n == 0) {
                    n = 1;
                    d = step(step, insn);
                }
                long previous = step;
                step += n;
                if (d != null) {
                    return result(step, d, "");
                }
                if (memoryCheckInterval > 0 && step / memoryCheckInterval != previous / memoryCheckInterval) {
                    String m = memoryDifferences();
                    if (m != null) {
                        String what = "MEMORY DIVERGENCE between instruction #" + (lastMemoryAgreement + 1)
                                + " and #" + step + " (registers agree throughout):\n" + m;
                        if (strictFlags) {
                            return result(step, what + "  the last instructions (oldest first):\n"
                                    + String.join("\n", history) + "\n", "");
                        }
                        // Some differences are QEMU's, not ours (it pushes RF = 0 in fault frames and leaves
                        // descriptors' accessed bits alone): note them, take QEMU's RAM and go on.
                        if (memoryNotes.size() < 4) {
                            memoryNotes.add(what.stripTrailing());
                        }
                        cpu.memory.load(0, theirRam, 0, theirRam.length);
                        cpu.memory.ramReplaced();
                    }
                    lastMemoryAgreement = step;
                }
                if (cpu.shutdown) {
                    return result(step, null, "both machines triple-faulted");
                }
                if (progress != null && step / 100_000 != previous / 100_000) {
                    progress.println("lockstep: " + step + " instructions agree" + (compiledRegions ? " (" + regionRuns
                            + " compiled regions, " + regionInstructions + " instructions in them)" : "") + ", EIP="
                            + Registers.hex(cpu.eip));
                }
            }
            return result(maxSteps, null, "step limit reached");
        } finally {
            cpu.setInterruptController(pic);
        }
    }

    /** One instruction on both sides; a divergence report, or null if they agree. */
    private String step(long index, InstructionPeek insn) throws IOException {
        Registers before = Registers.of(cpu);
        remember(index, insn, before);
        if (insn.kind == InstructionPeek.Kind.SYSENTER) {
            return sysenter(index, insn, before);
        }
        cpu.run(1);
        qemu.step();
        Registers theirs = qemu.registers();
        for (int retry = 0; retry < 3 && insn.kind != InstructionPeek.Kind.REP_STRING && theirs.eip == before.eip
                && cpu.eip != before.eip; retry++) {
            // QEMU's step sometimes returns before executing anything (its CPU loop left for a pending event).
            qemu.step();
            theirs = qemu.registers();
        }
        if (insn.kind == InstructionPeek.Kind.REP_STRING) {
            theirs = finishRepeat(before.eip, theirs);
        }
        if (insn.kind == InstructionPeek.Kind.EXTERNAL_RESULT || insn.kind == InstructionPeek.Kind.PORT_STRING_IN) {
            // The device or model answer is QEMU's: take it, and compare the rest.
            System.arraycopy(theirs.gpr, 0, cpu.reg, 0, 8);
            imported++;
        }
        return compare(index, insn, before, theirs, "");
    }

    /** Our registers against {@code theirs} after the instruction(s) from {@code insn}: a report, or null. */
    private String compare(long index, InstructionPeek insn, Registers before, Registers theirs, String where)
            throws IOException {
        Registers ours = Registers.of(cpu);
        String differences = ours.differences(theirs, -1);
        if (differences.isEmpty()) {
            return null;
        }
        if (!strictFlags && ours.differences(theirs, 0).isEmpty()) {
            flagDifferences++;
            if (flagNotes.size() < FLAG_NOTES) {
                flagNotes.add("  #" + (index + 1) + " " + Registers.hex(insn.linear) + " [" + insn.hexBytes() + "] "
                        + "EFLAGS ours " + Registers.hex(ours.eflags) + " qemu " + Registers.hex(theirs.eflags));
            }
            cpu.setEflags(theirs.eflags);
            return null;
        }
        if (!strictFlags && onlyResumeFlagDiffers(ours, theirs)) {
            // A value read from a fault frame: ours pushes EFLAGS.RF = 1 for faults as the SDM (17.3.1.1) and the
            // host CPU do, QEMU pushes 0. Not our bug: take QEMU's registers.
            rfNotes++;
            System.arraycopy(theirs.gpr, 0, cpu.reg, 0, 8);
            return null;
        }
        return report(index, insn, before, where + differences, ours, theirs);
    }

    /**
     * Our CPU ran a compiled region of {@code n} instructions from {@code insn}: QEMU steps as many, then the two
     * are compared (at region boundaries: compiled code keeps the interpreter's state only there).
     */
    private String afterRegion(long index, int n, InstructionPeek insn, Registers before) throws IOException {
        remember(index, insn, before);
        history.addLast("  ... a compiled region of " + n + " instructions from " + Registers.hex(insn.linear));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        int eip = before.eip;
        for (int i = 0; i < n; i++) {
            qemu.step();
            int now = qemu.eip();
            for (int retry = 0; retry < 3 && now == eip; retry++) {
                // QEMU's step sometimes returns before executing anything (as in step() above).
                qemu.step();
                now = qemu.eip();
            }
            eip = now;
        }
        regionRuns++;
        regionInstructions += n;
        return compare(index + n - 1, insn, before, qemu.registers(), "after a compiled region of " + n
                + " instructions from the one below (the machines agreed before it): ");
    }

    /**
     * Regions the lockstep lets compiled code run: none of their instructions takes its result from outside the
     * CPU (ours and QEMU's devices answer differently), is a REP string instruction (QEMU steps it by iteration),
     * HLT or SYSENTER. Those are stepped one at a time by the interpreter, as without the JIT.
     */
    private boolean ordinaryOnly(Region region) {
        int entry = cpu.segBase[Cpu.CS] + cpu.eip;
        int cr2 = cpu.cr2;
        try {
            for (Insn i : region.instructions) {
                byte[] bytes = new byte[i.next - i.start];
                for (int b = 0; b < bytes.length; b++) {
                    bytes[b] = (byte) cpu.mmu.readSupervisor8(entry + i.start + b);
                }
                if (InstructionPeek.classify(entry + i.start, bytes).kind != InstructionPeek.Kind.ORDINARY) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException unreadable) {
            return false; // (the region's page was just fetched from, so this does not happen; stepping is safe)
        } finally {
            cpu.cr2 = cr2;
        }
    }

    /**
     * SYSENTER jumps through MSRs that neither QEMU's register packet nor its "info registers" show (the sync
     * cannot copy them): QEMU executes first and ours gets SYSENTER_CS/ESP/EIP from where QEMU arrived.
     */
    private String sysenter(long index, InstructionPeek insn, Registers before) throws IOException {
        qemu.step();
        Registers theirs = qemu.registers();
        cpu.sys.writeMsr(0x174, theirs.selector[Cpu.CS] & 0xFFFF);
        cpu.sys.writeMsr(0x175, theirs.gpr[Cpu.ESP] & 0xFFFFFFFFL);
        cpu.sys.writeMsr(0x176, theirs.eip & 0xFFFFFFFFL);
        cpu.run(1);
        Registers ours = Registers.of(cpu);
        String differences = ours.differences(theirs, -1);
        return differences.isEmpty() ? null : report(index, insn, before, differences, ours, theirs);
    }

    /** True if all but the general registers agree and those that differ differ in bit 16 (EFLAGS.RF) alone. */
    private static boolean onlyResumeFlagDiffers(Registers ours, Registers theirs) {
        if (!ours.sameExceptGeneralRegisters(theirs)) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            int x = ours.gpr[i] ^ theirs.gpr[i];
            if (x != 0 && x != Cpu.FLAG_RF) {
                return false;
            }
        }
        return true;
    }

    /**
     * Both sides finish a REP string instruction before comparing: ours may stop after a chunk (it yields at
     * page boundaries), QEMU's stub steps one iteration at a time, so QEMU runs to where ours went next.
     */
    private Registers finishRepeat(int startEip, Registers theirs) throws IOException {
        for (int guard = 0; cpu.eip == startEip && !cpu.shutdown && guard < 1 << 26; guard++) {
            cpu.run(1);
        }
        if (theirs.eip == startEip && cpu.eip != startEip) {
            qemu.finishTo(cpu.segBase[Cpu.CS] + cpu.eip, theirs);
            return qemu.registers();
        }
        return theirs;
    }

    /** The first physical addresses where our RAM and QEMU's differ (dwords), or null if they agree. */
    private String memoryDifferences() throws IOException {
        if (theirRam == null) {
            theirRam = new byte[cpu.memory.size()];
            ourRam = new byte[cpu.memory.size()];
        }
        byte[] ours = ourRam;
        cpu.memory.copyOut(0, ours, 0, ours.length);
        qemu.copyPhysicalMemory(theirRam);
        StringBuilder s = new StringBuilder();
        int shown = 0;
        int at = 0;
        while (shown < 16) {
            int m = java.util.Arrays.mismatch(ours, at, ours.length, theirRam, at, ours.length);
            if (m < 0) {
                break;
            }
            int dword = (at + m) & ~3;
            if (dword < 0xA0000 || dword >= 0x100000) { // the ISA hole is devices on both sides, not RAM
                s.append("  physical ").append(Registers.hex(dword)).append(": ours ")
                        .append(Registers.hex(cpu.memory.read32(dword))).append(" qemu ")
                        .append(Registers.hex(word(theirRam, dword))).append('\n');
                shown++;
            }
            at = dword + 4;
            if (at >= ours.length) {
                break;
            }
        }
        return shown == 0 ? null : s.toString();
    }

    private static int word(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | b[i + 3] << 24;
    }

    private void remember(long index, InstructionPeek insn, Registers before) {
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast("  #" + (index + 1) + " " + Registers.hex(insn.linear) + "  " + insn.hexBytes()
                + "   (before: EAX=" + Registers.hex(before.gpr[0]) + " ECX=" + Registers.hex(before.gpr[1])
                + " EDX=" + Registers.hex(before.gpr[2]) + " EBX=" + Registers.hex(before.gpr[3]) + " ESP="
                + Registers.hex(before.gpr[4]) + " ESI=" + Registers.hex(before.gpr[6]) + " EDI="
                + Registers.hex(before.gpr[7]) + ")");
    }

    private String report(long index, InstructionPeek insn, Registers before, String what, Registers ours,
            Registers theirs) {
        StringBuilder s = new StringBuilder();
        s.append("DIVERGENCE at instruction #").append(index + 1).append(" (counted from the sync point), linear ")
                .append(Registers.hex(insn.linear)).append('\n');
        s.append("  instruction bytes: ").append(insn.hexBytes()).append('\n');
        s.append("  differs: ").append(what).append('\n');
        s.append("  before (both):\n    ").append(before.toString().replace("\n", "\n    ")).append('\n');
        s.append("  after, ours:\n    ").append(ours.toString().replace("\n", "\n    ")).append('\n');
        s.append("  after, qemu:\n    ").append(theirs.toString().replace("\n", "\n    ")).append('\n');
        s.append("  the last instructions (oldest first):\n");
        for (String h : history) {
            s.append(h).append('\n');
        }
        return s.toString();
    }

    private Result result(long steps, String divergence, String stopReason) {
        StringBuilder notes = new StringBuilder();
        if (compiledRegions) {
            notes.append(regionRuns).append(" compiled regions ran (").append(regionInstructions)
                    .append(" instructions), each compared with QEMU at its end; the rest stepped one by one\n");
        }
        if (imported > 0) {
            notes.append(imported).append(" results of IN/RDTSC/CPUID/RDMSR taken from QEMU\n");
        }
        if (rfNotes > 0) {
            notes.append(rfNotes).append(" values read from fault frames differed in EFLAGS.RF alone (QEMU pushes"
                    + " RF = 0 for faults; ours, like the host CPU, 1): QEMU's taken\n");
        }
        for (String m : memoryNotes) {
            notes.append(m).append("\n  (QEMU's RAM taken; --strict-flags stops at memory differences too)\n");
        }
        if (flagDifferences > 0) {
            notes.append(flagDifferences).append(" instructions left EFLAGS different (QEMU's adopted; undefined"
                    + " flags may legitimately differ; --strict-flags stops there), first ones:\n");
            for (String n : flagNotes) {
                notes.append(n).append('\n');
            }
        }
        return new Result(steps, divergence, stopReason, notes.toString().stripTrailing());
    }

    private static String indent(Registers r) {
        return r.toString().replace("\n", "\n        ");
    }
}
