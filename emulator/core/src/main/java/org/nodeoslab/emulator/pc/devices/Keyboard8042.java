package org.nodeoslab.emulator.pc.devices;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.IoDevice;
import org.nodeoslab.emulator.pc.IrqLines;
import org.nodeoslab.emulator.pc.state.Snapshottable;

/**
 * The 8042 keyboard controller at 0x60 (data) / 0x64 (status, command) with a PS/2 keyboard behind it: enough for
 * Linux's i8042 and atkbd probes (self tests, command byte, AUX loopback, keyboard reset/identify/LEDs/scan set),
 * the output port's A20 and reset lines, and the 0xFE pulse that resets the machine. No mouse is attached:
 * bytes sent to the AUX device are answered with a NAK (0xFE) so the mouse probe gives up at once.
 * Keyboard bytes raise IRQ 1 and AUX bytes IRQ 12 when the command byte enables them.
 */
public final class Keyboard8042 implements IoDevice, Snapshottable {
    private static final int STATUS_OBF = 0x01, STATUS_SYS = 0x04, STATUS_CMD = 0x08, STATUS_UNLOCKED = 0x10,
            STATUS_AUX = 0x20;
    private static final int CB_KBD_IRQ = 0x01, CB_AUX_IRQ = 0x02, CB_SYS = 0x04, CB_KBD_OFF = 0x10,
            CB_AUX_OFF = 0x20, CB_XLATE = 0x40;

    private final IrqLines irqs;
    private final ResetControl control;

    private int commandByte = CB_KBD_IRQ | CB_SYS | CB_XLATE;
    private boolean lastWriteWasCommand;
    /** The controller command waiting for its parameter byte on port 0x60, or 0. */
    private int pendingCommand;
    /** The keyboard command waiting for its parameter byte, or 0. */
    private int pendingKeyboardCommand;
    private int scanCodeSet = 2;
    /** Output queue: each entry is a byte | 0x100 if it comes from the AUX port. */
    private final int[] queue = new int[16];
    private int queueHead, queueCount;
    private boolean kbdIrq, auxIrq;

    public Keyboard8042(IrqLines irqs, ResetControl control) {
        this.irqs = irqs;
        this.control = control;
    }

    public void register(IoBus io) {
        io.register(0x60, 1, this);
        io.register(0x64, 1, this);
    }

    private void enqueue(int value, boolean aux) {
        if (queueCount == queue.length) {
            return; // a full buffer drops bytes, as the keyboard would
        }
        queue[(queueHead + queueCount) % queue.length] = (value & 0xFF) | (aux ? 0x100 : 0);
        queueCount++;
        updateIrq();
    }

    private void updateIrq() {
        boolean kbd = false, aux = false;
        if (queueCount > 0) {
            boolean fromAux = (queue[queueHead] & 0x100) != 0;
            kbd = !fromAux && (commandByte & CB_KBD_IRQ) != 0;
            aux = fromAux && (commandByte & CB_AUX_IRQ) != 0;
        }
        if (kbd != kbdIrq) {
            kbdIrq = kbd;
            irqs.setIrq(1, kbd);
        }
        if (aux != auxIrq) {
            auxIrq = aux;
            irqs.setIrq(12, aux);
        }
    }

    @Override
    public int read8(int port) {
        if (port == 0x64) {
            int status = STATUS_UNLOCKED | (commandByte & CB_SYS) | (lastWriteWasCommand ? STATUS_CMD : 0);
            if (queueCount > 0) {
                status |= STATUS_OBF | ((queue[queueHead] & 0x100) != 0 ? STATUS_AUX : 0);
            }
            return status;
        }
        if (queueCount == 0) {
            return queue[(queueHead + queue.length - 1) % queue.length] & 0xFF; // the last byte stays latched
        }
        int value = queue[queueHead] & 0xFF;
        queueHead = (queueHead + 1) % queue.length;
        queueCount--;
        updateIrq();
        return value;
    }

    @Override
    public void write8(int port, int value) {
        if (port == 0x64) {
            lastWriteWasCommand = true;
            controllerCommand(value);
        } else {
            lastWriteWasCommand = false;
            dataByte(value);
        }
    }

    private void controllerCommand(int command) {
        switch (command) {
            case 0x20:
                enqueue(commandByte, false);
                break;
            case 0x60: case 0xD1: case 0xD2: case 0xD3: case 0xD4:
                pendingCommand = command;
                break;
            case 0xA7:
                commandByte |= CB_AUX_OFF;
                break;
            case 0xA8:
                commandByte &= ~CB_AUX_OFF;
                break;
            case 0xA9: // AUX interface test: passed
            case 0xAB: // keyboard interface test: passed
                enqueue(0x00, false);
                break;
            case 0xAA: // controller self test
                enqueue(0x55, false);
                break;
            case 0xAD:
                commandByte |= CB_KBD_OFF;
                break;
            case 0xAE:
                commandByte &= ~CB_KBD_OFF;
                break;
            case 0xC0: // input port: keyboard not inhibited
                enqueue(0x80, false);
                break;
            case 0xD0: // output port: reset line high (inactive), A20, buffer-full lines
                enqueue(0x01 | (control.a20() ? 0x02 : 0) | (queueCount > 0 ? 0x10 : 0), false);
                break;
            default:
                if (command >= 0xF0 && (command & 1) == 0) {
                    control.requestReset(); // pulse output port bit 0 (0xFE is the usual one)
                }
                break;
        }
        updateIrq();
    }

    private void dataByte(int value) {
        int command = pendingCommand;
        pendingCommand = 0;
        switch (command) {
            case 0x60:
                commandByte = value;
                updateIrq();
                return;
            case 0xD1:
                control.setA20((value & 0x02) != 0);
                if ((value & 0x01) == 0) {
                    control.requestReset();
                }
                return;
            case 0xD2:
                enqueue(value, false);
                return;
            case 0xD3: // AUX loopback: the byte comes back as if the mouse sent it
                enqueue(value, true);
                return;
            case 0xD4: // to the mouse: there is none
                enqueue(0xFE, true);
                return;
            default:
                commandByte &= ~CB_KBD_OFF; // writing to the keyboard enables its interface
                keyboardByte(value);
                return;
        }
    }

    private void keyboardByte(int value) {
        int command = pendingKeyboardCommand;
        if (command != 0) {
            pendingKeyboardCommand = 0;
            if (command == 0xF0) {
                enqueue(0xFA, false);
                if (value == 0) {
                    enqueue(scanCodeSet, false);
                } else if (value <= 3) {
                    scanCodeSet = value;
                }
                return;
            }
            enqueue(0xFA, false); // LEDs (0xED) and typematic rate (0xF3) parameters
            return;
        }
        switch (value) {
            case 0xED: case 0xF3: case 0xF0:
                pendingKeyboardCommand = value;
                enqueue(0xFA, false); // the command is acknowledged, then its parameter
                break;
            case 0xEE:
                enqueue(0xEE, false);
                break;
            case 0xF2: // identify: an MF2 keyboard
                enqueue(0xFA, false);
                enqueue(0xAB, false);
                enqueue(0x83, false);
                break;
            case 0xFF: // reset and self test (BAT) passed
                scanCodeSet = 2;
                enqueue(0xFA, false);
                enqueue(0xAA, false);
                break;
            default: // enable, disable, set defaults, typematic modes ...
                enqueue(value >= 0xE0 ? 0xFA : 0xFE, false);
                break;
        }
    }

    @Override
    public void save(DataOutput out) throws IOException {
        out.writeInt(commandByte);
        out.writeBoolean(lastWriteWasCommand);
        out.writeInt(pendingCommand);
        out.writeInt(pendingKeyboardCommand);
        out.writeInt(scanCodeSet);
        out.writeInt(queueCount);
        for (int i = 0; i < queueCount; i++) {
            out.writeInt(queue[(queueHead + i) % queue.length]);
        }
        out.writeBoolean(kbdIrq);
        out.writeBoolean(auxIrq);
    }

    @Override
    public void load(DataInput in) throws IOException {
        commandByte = in.readInt();
        lastWriteWasCommand = in.readBoolean();
        pendingCommand = in.readInt();
        pendingKeyboardCommand = in.readInt();
        scanCodeSet = in.readInt();
        queueHead = 0;
        queueCount = in.readInt();
        if (queueCount < 0 || queueCount > queue.length) {
            throw new IOException("keyboard controller state: queue count " + queueCount + " out of range");
        }
        for (int i = 0; i < queueCount; i++) {
            queue[i] = in.readInt();
        }
        kbdIrq = in.readBoolean();
        auxIrq = in.readBoolean();
    }
}
