package org.nodeoslab.emulator.pc.devices;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One 8259A programmable interrupt controller: 8 request lines, IRR/ISR/IMR, the ICW1-4 initialization sequence,
 * OCW2 (EOI, rotation) and OCW3 (register read select, special mask mode), edge or level triggering per line as
 * the ELCR says. {@link DualPic} cascades two of them as on a PC.
 */
final class Pic8259 {
    int irr;
    int isr;
    int imr;
    /** Line levels as last driven, for edge detection. */
    int lines;
    /** ELCR: bit set = level-triggered line. */
    int elcr;
    int vectorBase;
    /** The line with the lowest priority is (priorityAdd + 7) & 7; rotation moves it. */
    int priorityAdd;
    boolean readIsr;
    boolean autoEoi;
    boolean rotateOnAutoEoi;
    boolean specialMask;
    boolean singleMode;
    /** 0 = ready for OCWs; 2, 3, 4 = expecting that ICW next. */
    int initStep;
    boolean icw4Needed;
    boolean poll;
    /** Bits of ELCR that exist (the master's lines 0, 1, 2 are always edge). */
    final int elcrMask;
    /**
     * Lines that follow their input level whatever the ELCR says: the master's cascade input, so a slave request
     * that stays pending after another one was taken is not lost for want of a new edge.
     */
    private final int levelAlways;

    Pic8259(int elcrMask, int levelAlways) {
        this.elcrMask = elcrMask;
        this.levelAlways = levelAlways;
    }

    void setLine(int line, boolean high) {
        int mask = 1 << line;
        if (((elcr | levelAlways) & mask) != 0) {
            if (high) {
                irr |= mask;
                lines |= mask;
            } else {
                irr &= ~mask;
                lines &= ~mask;
            }
        } else if (high) {
            if ((lines & mask) == 0) {
                irr |= mask;
            }
            lines |= mask;
        } else {
            lines &= ~mask;
        }
    }

    /** The highest-priority line set in {@code bits}, or -1. */
    private int highest(int bits) {
        if (bits == 0) {
            return -1;
        }
        for (int i = 0; i < 8; i++) {
            int line = (i + priorityAdd) & 7;
            if ((bits & (1 << line)) != 0) {
                return line;
            }
        }
        return -1;
    }

    /** The line this chip would present to the CPU now, or -1: pending, unmasked, above anything in service. */
    int pendingLine() {
        int line = highest(irr & ~imr);
        if (line < 0) {
            return -1;
        }
        int inService = isr;
        if (specialMask) {
            inService &= ~imr;
        }
        int current = highest(inService);
        // A slave's in-service cascade line does not block the master in special fully nested mode; Linux does not
        // use SFNM, so a plain priority comparison is what it expects.
        if (current >= 0 && ((line - priorityAdd) & 7) >= ((current - priorityAdd) & 7)) {
            return -1;
        }
        return line;
    }

    /** The INTA cycle for {@code line}: in service unless auto-EOI, and an edge request is consumed. */
    void acknowledge(int line) {
        int mask = 1 << line;
        if (((elcr | levelAlways) & mask) == 0) {
            irr &= ~mask;
        }
        if (autoEoi) {
            if (rotateOnAutoEoi) {
                priorityAdd = (line + 1) & 7;
            }
        } else {
            isr |= mask;
        }
    }

    int read(int port) {
        if (poll) {
            poll = false;
            int line = pendingLine();
            if (line < 0) {
                return 0;
            }
            acknowledge(line);
            return 0x80 | line;
        }
        if ((port & 1) == 0) {
            return readIsr ? isr : irr;
        }
        return imr;
    }

    void write(int port, int value) {
        if ((port & 1) == 0) {
            if ((value & 0x10) != 0) {
                icw1(value);
            } else if ((value & 0x08) != 0) {
                ocw3(value);
            } else {
                ocw2(value);
            }
            return;
        }
        switch (initStep) {
            case 2:
                vectorBase = value & 0xF8;
                initStep = singleMode ? (icw4Needed ? 4 : 0) : 3;
                break;
            case 3:
                initStep = icw4Needed ? 4 : 0;
                break;
            case 4:
                autoEoi = (value & 0x02) != 0;
                initStep = 0;
                break;
            default:
                imr = value;
                break;
        }
    }

    private void icw1(int value) {
        imr = 0;
        isr = 0;
        irr = 0;
        // An edge line that is already high must rise again before it requests.
        lines = 0;
        priorityAdd = 0;
        readIsr = false;
        specialMask = false;
        autoEoi = false;
        rotateOnAutoEoi = false;
        poll = false;
        singleMode = (value & 0x02) != 0;
        icw4Needed = (value & 0x01) != 0;
        initStep = 2;
    }

    private void ocw2(int value) {
        int command = value >> 5;
        switch (command) {
            case 0: // rotate in automatic EOI mode: clear
                rotateOnAutoEoi = false;
                break;
            case 4:
                rotateOnAutoEoi = true;
                break;
            case 1: // non-specific EOI
            case 5: { // rotate on non-specific EOI
                int line = highest(isr);
                if (line >= 0) {
                    isr &= ~(1 << line);
                    if (command == 5) {
                        priorityAdd = (line + 1) & 7;
                    }
                }
                break;
            }
            case 3: // specific EOI
                isr &= ~(1 << (value & 7));
                break;
            case 7: // rotate on specific EOI
                isr &= ~(1 << (value & 7));
                priorityAdd = ((value & 7) + 1) & 7;
                break;
            case 6: // set priority
                priorityAdd = ((value & 7) + 1) & 7;
                break;
            default: // 2: no operation
                break;
        }
    }

    private void ocw3(int value) {
        if ((value & 0x04) != 0) {
            poll = true;
        }
        if ((value & 0x02) != 0) {
            readIsr = (value & 0x01) != 0;
        }
        if ((value & 0x40) != 0) {
            specialMask = (value & 0x20) != 0;
        }
    }

    void save(DataOutput out) throws IOException {
        out.writeInt(irr);
        out.writeInt(isr);
        out.writeInt(imr);
        out.writeInt(lines);
        out.writeInt(elcr);
        out.writeInt(vectorBase);
        out.writeInt(priorityAdd);
        out.writeInt(initStep);
        out.writeBoolean(readIsr);
        out.writeBoolean(autoEoi);
        out.writeBoolean(rotateOnAutoEoi);
        out.writeBoolean(specialMask);
        out.writeBoolean(singleMode);
        out.writeBoolean(icw4Needed);
        out.writeBoolean(poll);
    }

    void load(DataInput in) throws IOException {
        irr = in.readInt();
        isr = in.readInt();
        imr = in.readInt();
        lines = in.readInt();
        elcr = in.readInt() & elcrMask;
        vectorBase = in.readInt();
        priorityAdd = in.readInt();
        initStep = in.readInt();
        readIsr = in.readBoolean();
        autoEoi = in.readBoolean();
        rotateOnAutoEoi = in.readBoolean();
        specialMask = in.readBoolean();
        singleMode = in.readBoolean();
        icw4Needed = in.readBoolean();
        poll = in.readBoolean();
    }
}
