package org.nodeoslab.emulator.pc.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.cpu.Cpu;

/** The CPU's architectural state (its public fields, EFLAGS folded) as one section of a machine state. */
final class CpuState implements Snapshottable {
    private final Cpu cpu;

    CpuState(Cpu cpu) {
        this.cpu = cpu;
    }

    private static void writeInts(DataOutput out, int[] values) throws IOException {
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static void readInts(DataInput in, int[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
    }

    @Override
    public void save(DataOutput out) throws IOException {
        writeInts(out, cpu.reg);
        out.writeInt(cpu.eip);
        out.writeInt(cpu.getEflags());
        writeInts(out, cpu.segSelector);
        writeInts(out, cpu.segBase);
        writeInts(out, cpu.segLimit);
        writeInts(out, cpu.segAccess);
        writeInts(out, new int[] {cpu.gdtrBase, cpu.gdtrLimit, cpu.idtrBase, cpu.idtrLimit,
                cpu.ldtrSelector, cpu.ldtrBase, cpu.ldtrLimit, cpu.trSelector, cpu.trBase, cpu.trLimit, cpu.trAccess,
                cpu.cr0, cpu.cr2, cpu.cr3, cpu.cr4, cpu.cpl});
        writeInts(out, cpu.dr);
        out.writeBoolean(cpu.halted);
        out.writeBoolean(cpu.shutdown);
        out.writeBoolean(cpu.nmiPending);
        out.writeBoolean(cpu.interruptShadow);
        out.writeLong(cpu.instructionCount);
    }

    @Override
    public void load(DataInput in) throws IOException {
        readInts(in, cpu.reg);
        cpu.eip = in.readInt();
        int eflags = in.readInt();
        readInts(in, cpu.segSelector);
        readInts(in, cpu.segBase);
        readInts(in, cpu.segLimit);
        readInts(in, cpu.segAccess);
        int[] s = new int[16];
        readInts(in, s);
        cpu.gdtrBase = s[0];
        cpu.gdtrLimit = s[1];
        cpu.idtrBase = s[2];
        cpu.idtrLimit = s[3];
        cpu.ldtrSelector = s[4];
        cpu.ldtrBase = s[5];
        cpu.ldtrLimit = s[6];
        cpu.trSelector = s[7];
        cpu.trBase = s[8];
        cpu.trLimit = s[9];
        cpu.trAccess = s[10];
        cpu.cr0 = s[11];
        cpu.cr2 = s[12];
        cpu.cr3 = s[13];
        cpu.cr4 = s[14];
        cpu.cpl = s[15];
        readInts(in, cpu.dr);
        cpu.halted = in.readBoolean();
        cpu.shutdown = in.readBoolean();
        cpu.nmiPending = in.readBoolean();
        cpu.interruptShadow = in.readBoolean();
        cpu.instructionCount = in.readLong();
        cpu.setEflags(eflags); // also tells the executor the mode changed
    }
}
