package org.nodeoslab.emulator.web;

import org.nodeoslab.emulator.cpu.JitBridge;
import org.nodeoslab.emulator.jit.wasm.WasmJit;
import org.teavm.jso.JSExport;
import org.teavm.jso.typedarrays.Int32Array;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * What a page holds of a machine: the methods nodeos-emulator.js calls, with JS types at the border (byte arrays
 * cross as Int8Array, copied in one call each way; 64-bit counts as doubles). Java exceptions (a bad address, an
 * unknown register, a file that is not a bzImage) reach JS as errors carrying their message.
 */
public final class WebMachine {
    private final GuestMachine machine;

    /** The instruction count the machine started with (a restored machine's saved count). */
    private final long startInstructions;

    WebMachine(GuestMachine machine) {
        this.machine = machine;
        this.startInstructions = machine.instructions();
    }

    @JSExport
    public boolean isPc() {
        return machine instanceof PcMachine;
    }

    @JSExport
    public void load(int address, Int8Array bytes) {
        machine.load(address, bytes.copyToJavaArray());
    }

    @JSExport
    public Int8Array read(int address, int length) {
        return Int8Array.copyFromJavaArray(machine.read(address, length));
    }

    @JSExport
    public void enterFlat32(int eip, int esp) {
        machine.enterFlat32(eip, esp);
    }

    @JSExport
    public int getRegister(String name) {
        return machine.register(name);
    }

    @JSExport
    public void setRegister(String name, int value) {
        machine.setRegister(name, value);
    }

    /**
     * Runs up to N instructions (a PC: cycles) and says why it stopped: "budget", "idle", "halted", "shutdown" or
     * "reset" (see {@link GuestMachine.Status}). The page calls this once per time slice.
     */
    /** Time slices a region compiled in the background waits at most for others to share its module. */
    private static final int FLUSH_SLICES = 4;

    @JSExport
    public String run(int budget) {
        GuestMachine.Status outcome = machine.run(budget);
        // Regions that became hot go to the browser in modules of several, at the latest a few time slices (~10 ms
        // each) after the first of them (handed over at each slice's end, node -e's 371 regions made 232 modules), or
        // when the machine stops to wait.
        if (outcome == GuestMachine.Status.BUDGET) {
            WasmJit.endOfSlice(FLUSH_SLICES);
        } else {
            WasmJit.flush();
        }
        switch (outcome) {
            case IDLE: return "idle";
            case HALTED: return "halted";
            case SHUTDOWN: return "shutdown";
            case RESET: return "reset";
            default: return "budget";
        }
    }

    @JSExport
    public String describeCpu() {
        return machine.describeCpu();
    }

    @JSExport
    public double instructions() {
        return machine.instructions();
    }

    /** Instructions this machine ran since it was made (or restored): what {@link #compiledInstructions} is part of. */
    @JSExport
    public double sessionInstructions() {
        return machine.instructions() - startInstructions;
    }

    /** Of {@link #sessionInstructions}, those compiled guest code ran (0 with the JIT off). */
    @JSExport
    public double compiledInstructions() {
        JitBridge jit = machine.cpu.compiledCode();
        return jit == null ? 0 : jit.compiledInstructions();
    }

    /**
     * The code cache's counters as JSON (see core's {@code CodeCache.countersJson}): regions compiled, evicted and
     * dropped, where the interpreter ran and why not compiled code, with the {@code topPages} pages it ran most in;
     * {@code reset}: the interpreter's counts start afresh after this call. The first call starts counting those
     * (a few additions per look-up of the code cache). Null with the JIT off.
     */
    @JSExport
    public String jitCounters(int topPages, boolean reset) {
        JitBridge jit = machine.cpu.compiledCode();
        if (jit == null) {
            return null;
        }
        jit.countMisses();
        String json = jit.cache().countersJson(topPages);
        if (reset) {
            jit.cache().misses().reset();
        }
        return json;
    }

    /**
     * Drops this machine's compiled code, releasing the browser's modules (the JIT's table and modules are shared by
     * every machine of the page: a machine replaced by another must give them back). It may still run afterwards,
     * compiling again.
     */
    @JSExport
    public void releaseCompiledCode() {
        JitBridge jit = machine.cpu.compiledCode();
        if (jit != null) {
            jit.allCodeWritten(); // what a restored state does to compiled code: every region released
        }
    }

    @JSExport
    public void sendSerial(Int8Array bytes) {
        machine.sendSerial(bytes.copyToJavaArray());
    }

    /** The bytes the guest sent since the last call (empty when none). */
    @JSExport
    public Int8Array takeSerialOutput() {
        return Int8Array.copyFromJavaArray(machine.takeSerialOutput());
    }

    /** Serial input for COM2 (ttyS1), the lab agent's port. */
    @JSExport
    public void sendCom2(Int8Array bytes) {
        pc("use COM2").sendCom2(bytes.copyToJavaArray());
    }

    /** The bytes the guest sent on COM2 since the last call (empty when none). */
    @JSExport
    public Int8Array takeCom2Output() {
        return Int8Array.copyFromJavaArray(pc("use COM2").takeCom2Output());
    }

    @JSExport
    public void bootLinux(Int8Array kernel, String kernelName, Int8Array initrd, String initrdName, String cmdline) {
        pc("boot Linux").bootLinux(kernel.copyToJavaArray(), kernelName,
                initrd == null ? null : initrd.copyToJavaArray(), initrdName, cmdline);
    }

    @JSExport
    public Int8Array saveState() {
        return Int8Array.copyFromJavaArray(pc("save its state").saveState());
    }

    /**
     * The machine as a delta against the state it was restored from (unchanged RAM chunks named, not stored; no chunk
     * fetched): for {@link WebEmulator#restorePcOn} with that state.
     */
    @JSExport
    public Int8Array saveDelta() {
        return Int8Array.copyFromJavaArray(pc("save a delta").saveDelta());
    }

    /**
     * Gives this machine's RAM, zeroed, to the next machine of its size (a reset), which then allocates none. This
     * machine must not run any more.
     */
    @JSExport
    public void recycleMemory() {
        machine.memory.recycle();
    }

    /** After "idle": milliseconds until the next timer interrupt, or -1 when only serial input can wake the guest. */
    @JSExport
    public double idleMillis() {
        return pc("be idle").idleMillis();
    }

    /**
     * RAM chunks the machine may still ask its chunk source for, in the order a session needs them; {@code hotOnly}:
     * those a first session needs (fetch them in the background), else all (fetch them before a save).
     */
    @JSExport
    public Int32Array chunksToFetch(boolean hotOnly) {
        return machine instanceof PcMachine ? Int32Array.copyFromJavaArray(((PcMachine) machine).chunksToFetch(hotOnly))
                : new Int32Array(0);
    }

    private PcMachine pc(String what) {
        if (machine instanceof PcMachine) {
            return (PcMachine) machine;
        }
        throw new IllegalStateException("a bare machine cannot " + what + ": create a PC (createPc) for that");
    }
}
