package org.nodeoslab.emulator.pc;

/** Guest cycles since power-on: retired instructions plus the cycles an idle (halted) guest skipped. */
public interface CycleCounter {
    long cycles();
}
