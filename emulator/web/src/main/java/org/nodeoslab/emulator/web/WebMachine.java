package org.nodeoslab.emulator.web;

import org.teavm.jso.JSExport;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * What a page holds of a machine: the methods nodeos-emulator.js calls, with JS types at the border (byte arrays
 * cross as Int8Array, copied in one call each way). Java exceptions (a bad address, an unknown register) reach JS
 * as errors carrying their message.
 */
public final class WebMachine {
    private final CpuMachine machine;

    WebMachine(CpuMachine machine) {
        this.machine = machine;
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

    /** Runs up to N instructions and returns how many retired: the page calls this once per time slice. */
    @JSExport
    public int run(int maxInstructions) {
        return machine.run(maxInstructions);
    }

    @JSExport
    public boolean isHalted() {
        return machine.isHalted();
    }

    @JSExport
    public boolean isShutdown() {
        return machine.isShutdown();
    }

    @JSExport
    public void sendSerial(Int8Array bytes) {
        machine.sendConsoleInput(bytes.copyToJavaArray());
    }

    /** The bytes the guest sent since the last call (empty when none). */
    @JSExport
    public Int8Array takeSerialOutput() {
        return Int8Array.copyFromJavaArray(machine.takeConsoleOutput());
    }
}
