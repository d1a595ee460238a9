package org.nodeoslab.emulator.pc.devices;

import org.nodeoslab.emulator.bus.PhysicalMemory;

/**
 * The two system lines the 8042 and port 0x92 drive: the A20 gate (into physical memory) and CPU reset (a
 * request the machine's run loop acts on, since a device cannot reset the CPU in the middle of an instruction).
 */
public final class ResetControl {
    private final PhysicalMemory memory;
    private boolean resetRequested;
    /** Told when the A20 gate changes: the CPU's TLB and fetch window hold addresses computed with the old gate. */
    private Runnable a20Listener = () -> { };

    public ResetControl(PhysicalMemory memory) {
        this.memory = memory;
    }

    public void setA20(boolean enabled) {
        if (enabled != memory.isA20Enabled()) {
            memory.setA20(enabled);
            a20Listener.run();
        }
    }

    public void setA20Listener(Runnable listener) {
        this.a20Listener = listener;
    }

    public boolean a20() {
        return memory.isA20Enabled();
    }

    public void requestReset() {
        resetRequested = true;
    }

    public boolean resetRequested() {
        return resetRequested;
    }

    public void clearReset() {
        resetRequested = false;
    }
}
