package org.nodeoslab.emulator.pc.state;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.cpu.CpuFault;
import org.nodeoslab.emulator.pc.Pc;

/** The "MSR " section: every writable MSR the CPU has, read and written back through RDMSR/WRMSR semantics. */
final class ModelSpecificRegisters {
    /** TSC, BIOS_SIGN_ID, SYSENTER_CS/ESP/EIP, MISC_ENABLE, DEBUGCTL, MTRRs, PAT, MTRR_DEF_TYPE. */
    private static final int[] SAVED = {0x10, 0x8B, 0x174, 0x175, 0x176, 0x1A0, 0x1D9,
            0x200, 0x201, 0x202, 0x203, 0x204, 0x205, 0x206, 0x207, 0x208, 0x209, 0x20A, 0x20B, 0x20C, 0x20D,
            0x20E, 0x20F, 0x250, 0x258, 0x259, 0x268, 0x269, 0x26A, 0x26B, 0x26C, 0x26D, 0x26E, 0x26F,
            0x277, 0x2FF};

    private ModelSpecificRegisters() {
    }

    static void save(Pc pc, DataOutput out) throws IOException {
        out.writeInt(SAVED.length);
        for (int index : SAVED) {
            out.writeInt(index);
            out.writeLong(pc.cpu.sys.readMsr(index));
        }
    }

    /** Keeps the section's bytes: they are applied once the machine's time is restored. */
    static byte[] readSection(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 4096) {
            throw new StateFormatException("MSR section: " + count + " registers");
        }
        byte[] bytes = new byte[count * 12];
        in.readFully(bytes);
        return bytes;
    }

    static void load(Pc pc, byte[] section) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(section));
        for (int i = 0; i < section.length / 12; i++) {
            int index = in.readInt();
            long value = in.readLong();
            try {
                pc.cpu.sys.writeMsr(index, value);
            } catch (CpuFault rejected) {
                throw new StateFormatException("MSR 0x" + Integer.toHexString(index) + " value 0x"
                        + Long.toHexString(value) + " is not valid on this CPU");
            }
        }
    }
}
