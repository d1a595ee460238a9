package org.nodeoslab.emulator.pc.devices;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.bus.IoBus;
import org.nodeoslab.emulator.bus.IoDevice;
import org.nodeoslab.emulator.pc.IrqLines;
import org.nodeoslab.emulator.pc.state.Snapshottable;

/**
 * A 16550A UART (COM1 at 0x3F8/IRQ 4, COM2 at 0x2F8/IRQ 3): divisor latch, 16-byte receive FIFO with trigger
 * levels, IIR priorities (line status, received data, character timeout, THR empty, modem status), loopback.
 * Transmission is instantaneous: a byte written to THR goes straight to the {@link Sink}, so THR is empty again
 * at once and a THRE interrupt follows whenever it is enabled. Bytes from the host wait in an unbounded input
 * queue and move into the receive FIFO as the guest reads it.
 */
public final class Uart16550 implements IoDevice, Snapshottable {
    /** Where transmitted bytes go (the runner's stdout, a test's buffer, the browser terminal). */
    public interface Sink {
        void write(int b);
    }

    private static final int FIFO_SIZE = 16;
    private static final int IER_RDA = 1, IER_THRE = 2, IER_RLS = 4, IER_MS = 8;
    private static final int LSR_DR = 1, LSR_OE = 2, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    private static final int MCR_LOOP = 0x10, MCR_OUT2 = 0x08, MCR_RTS = 0x02;
    private static final int IIR_NONE = 1, IIR_MS = 0, IIR_THRE = 2, IIR_RDA = 4, IIR_RLS = 6, IIR_TIMEOUT = 0x0C;

    private final int base;
    private final int irq;
    private final IrqLines irqs;
    private Sink sink = b -> { };

    private int ier, lcr, mcr, scr, fcr;
    private int divisor = 12; // 9600 baud, as firmware leaves it
    private boolean fifoEnabled;
    /** Line status bits other than DR/THRE/TEMT (overrun), cleared by reading LSR. */
    private int lsrErrors;
    private int msrDelta;
    /** THR-empty interrupt pending: set when THR empties with the interrupt enabled, cleared by reading IIR or writing THR. */
    private boolean threPending;
    private final byte[] rxFifo = new byte[FIFO_SIZE];
    private int rxHead, rxCount;
    /** Host input not yet in the FIFO (ring buffer grown on demand). */
    private byte[] input = new byte[256];
    private int inputHead, inputCount;
    private boolean irqLevel;

    public Uart16550(int base, int irq, IrqLines irqs) {
        this.base = base;
        this.irq = irq;
        this.irqs = irqs;
    }

    public void register(IoBus io) {
        io.register(base, 8, this);
    }

    public void setSink(Sink sink) {
        this.sink = sink;
    }

    /** Bytes typed on the host side, delivered to the guest in order. */
    public void receive(byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (inputCount == input.length) {
                byte[] bigger = new byte[input.length * 2];
                for (int j = 0; j < inputCount; j++) {
                    bigger[j] = input[(inputHead + j) % input.length];
                }
                input = bigger;
                inputHead = 0;
            }
            input[(inputHead + inputCount) % input.length] = data[offset + i];
            inputCount++;
        }
        refillFifo();
        updateIrq();
    }

    /** True while host input is still waiting to enter the guest. */
    public boolean hasPendingInput() {
        return inputCount > 0 || rxCount > 0;
    }

    /**
     * Hardware flow control, as a terminal with RTS/CTS handshake does it: host input goes in only while the guest
     * asserts RTS and is not in loopback. Linux raises RTS when a program opens the port and clears the FIFOs
     * before that, so input typed (or piped) ahead of the shell waits on the host side instead of being lost.
     */
    private boolean acceptsInput() {
        return (mcr & (MCR_RTS | MCR_LOOP)) == MCR_RTS;
    }

    private void refillFifo() {
        if (!acceptsInput()) {
            return;
        }
        int capacity = fifoEnabled ? FIFO_SIZE : 1;
        while (inputCount > 0 && rxCount < capacity) {
            pushRx(input[inputHead]);
            inputHead = (inputHead + 1) % input.length;
            inputCount--;
        }
    }

    private void pushRx(int b) {
        int capacity = fifoEnabled ? FIFO_SIZE : 1;
        if (rxCount == capacity) {
            lsrErrors |= LSR_OE;
            return;
        }
        rxFifo[(rxHead + rxCount) % FIFO_SIZE] = (byte) b;
        rxCount++;
    }

    private int triggerLevel() {
        if (!fifoEnabled) {
            return 1;
        }
        switch (fcr >> 6) {
            case 0: return 1;
            case 1: return 4;
            case 2: return 8;
            default: return 14;
        }
    }

    private int iir() {
        if ((ier & IER_RLS) != 0 && lsrErrors != 0) {
            return IIR_RLS;
        }
        if ((ier & IER_RDA) != 0 && rxCount > 0) {
            // Below the trigger level a real UART waits four character times before the timeout interrupt;
            // data is never left waiting here, the guest sees the timeout at once.
            return rxCount >= triggerLevel() ? IIR_RDA : IIR_TIMEOUT;
        }
        if ((ier & IER_THRE) != 0 && threPending) {
            return IIR_THRE;
        }
        if ((ier & IER_MS) != 0 && msrDelta != 0) {
            return IIR_MS;
        }
        return IIR_NONE;
    }

    private void updateIrq() {
        boolean level = iir() != IIR_NONE && ((mcr & MCR_OUT2) != 0);
        if (level != irqLevel) {
            irqLevel = level;
            irqs.setIrq(irq, level);
        }
    }

    private int msr() {
        int lines;
        if ((mcr & MCR_LOOP) != 0) {
            // Loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD.
            lines = ((mcr & 1) << 5) | ((mcr & 2) << 3) | ((mcr & 4) << 4) | ((mcr & 8) << 4);
        } else {
            lines = 0xB0; // a terminal is attached: CTS, DSR and DCD asserted
        }
        return lines | msrDelta;
    }

    @Override
    public int read8(int port) {
        int value;
        switch (port - base) {
            case 0:
                if ((lcr & 0x80) != 0) {
                    return divisor & 0xFF;
                }
                value = 0;
                if (rxCount > 0) {
                    value = rxFifo[rxHead] & 0xFF;
                    rxHead = (rxHead + 1) % FIFO_SIZE;
                    rxCount--;
                    refillFifo();
                }
                break;
            case 1:
                return (lcr & 0x80) != 0 ? (divisor >> 8) & 0xFF : ier;
            case 2:
                value = iir() | (fifoEnabled ? 0xC0 : 0);
                if ((value & 0x0F) == IIR_THRE) {
                    threPending = false;
                }
                break;
            case 3:
                return lcr;
            case 4:
                return mcr;
            case 5:
                value = (rxCount > 0 ? LSR_DR : 0) | LSR_THRE | LSR_TEMT | lsrErrors;
                lsrErrors = 0;
                break;
            case 6:
                value = msr();
                msrDelta = 0;
                break;
            default:
                return scr;
        }
        updateIrq();
        return value;
    }

    @Override
    public void write8(int port, int value) {
        switch (port - base) {
            case 0:
                if ((lcr & 0x80) != 0) {
                    divisor = (divisor & 0xFF00) | value;
                    return;
                }
                transmit(value);
                break;
            case 1:
                if ((lcr & 0x80) != 0) {
                    divisor = (divisor & 0xFF) | (value << 8);
                    return;
                }
                boolean threWasOff = (ier & IER_THRE) == 0;
                ier = value & 0x0F;
                if (threWasOff && (ier & IER_THRE) != 0) {
                    threPending = true; // THR is empty: enabling the interrupt raises it at once
                }
                break;
            case 2:
                writeFcr(value);
                break;
            case 3:
                lcr = value;
                return;
            case 4: {
                int changed = mcr ^ value;
                int oldMsr = msr();
                mcr = value & 0x1F;
                if ((changed & MCR_LOOP) != 0 || (mcr & MCR_LOOP) != 0) {
                    int newMsr = msr();
                    int delta = (oldMsr ^ newMsr) & 0xB0; // CTS, DSR, DCD changes
                    if ((oldMsr & 0x40) != 0 && (newMsr & 0x40) == 0) {
                        delta |= 0x40; // trailing edge of RI
                    }
                    msrDelta |= delta >> 4;
                }
                refillFifo();
                break;
            }
            case 7:
                scr = value;
                return;
            default:
                return; // LSR and MSR are read-only
        }
        updateIrq();
    }

    private void writeFcr(int value) {
        boolean enable = (value & 1) != 0;
        if (enable != fifoEnabled) {
            rxCount = 0;
            rxHead = 0;
        }
        fifoEnabled = enable;
        if ((value & 2) != 0) {
            rxCount = 0;
            rxHead = 0;
        }
        fcr = value & 0xC9;
        refillFifo();
    }

    private void transmit(int value) {
        if ((mcr & MCR_LOOP) != 0) {
            pushRx(value);
        } else {
            sink.write(value & 0xFF);
        }
        threPending = (ier & IER_THRE) != 0;
    }

    @Override
    public void save(DataOutput out) throws IOException {
        out.writeInt(ier);
        out.writeInt(lcr);
        out.writeInt(mcr);
        out.writeInt(scr);
        out.writeInt(fcr);
        out.writeInt(divisor);
        out.writeBoolean(fifoEnabled);
        out.writeInt(lsrErrors);
        out.writeInt(msrDelta);
        out.writeBoolean(threPending);
        out.writeBoolean(irqLevel);
        out.writeInt(rxCount);
        for (int i = 0; i < rxCount; i++) {
            out.writeByte(rxFifo[(rxHead + i) % FIFO_SIZE]);
        }
        out.writeInt(inputCount);
        for (int i = 0; i < inputCount; i++) {
            out.writeByte(input[(inputHead + i) % input.length]);
        }
    }

    @Override
    public void load(DataInput in) throws IOException {
        ier = in.readInt();
        lcr = in.readInt();
        mcr = in.readInt();
        scr = in.readInt();
        fcr = in.readInt();
        divisor = in.readInt();
        fifoEnabled = in.readBoolean();
        lsrErrors = in.readInt();
        msrDelta = in.readInt();
        threPending = in.readBoolean();
        irqLevel = in.readBoolean();
        rxHead = 0;
        rxCount = in.readInt();
        if (rxCount < 0 || rxCount > FIFO_SIZE) {
            throw new IOException("UART state: receive FIFO count " + rxCount + " out of range");
        }
        in.readFully(rxFifo, 0, rxCount);
        int pending = in.readInt();
        if (pending < 0) {
            throw new IOException("UART state: negative input count");
        }
        input = new byte[Math.max(256, pending)];
        inputHead = 0;
        inputCount = pending;
        in.readFully(input, 0, pending);
    }
}
