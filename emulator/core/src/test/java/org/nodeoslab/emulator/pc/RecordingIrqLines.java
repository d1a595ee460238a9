package org.nodeoslab.emulator.pc;

import java.util.ArrayList;
import java.util.List;

/** Records the IRQ line changes a device makes: "4+" for a rise of IRQ 4, "4-" for a fall. */
public final class RecordingIrqLines implements IrqLines {
    public final List<String> events = new ArrayList<>();
    public final boolean[] level = new boolean[16];

    @Override
    public void setIrq(int irq, boolean high) {
        events.add(irq + (high ? "+" : "-"));
        level[irq] = high;
    }

    public int rises(int irq) {
        return (int) events.stream().filter(e -> e.equals(irq + "+")).count();
    }
}
