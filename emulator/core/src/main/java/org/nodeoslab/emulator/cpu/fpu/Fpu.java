package org.nodeoslab.emulator.cpu.fpu;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nodeoslab.emulator.cpu.Cpu;
import org.nodeoslab.emulator.cpu.CpuFault;

/**
 * The floating-point and SIMD unit: the x87 register stack (aliased with the MMX registers), the XMM registers
 * and MXCSR, and the instructions that use them (x87 D8-DF, MMX/SSE/SSE2/SSE3 in the 0F map, FXSAVE/FXRSTOR).
 *
 * <p>The CPU's decoder calls {@link #x87}, {@link #fwait} and {@link #execute0F} with the ModRM byte and the
 * linear address of the memory operand already computed. All state is in public fields so that the machine
 * state can be saved ({@link #saveState}/{@link #loadState}) and inspected by tests.
 */
public final class Fpu {
    final Cpu cpu;

    // ---- x87 / MMX register file ---------------------------------------------------------------------------
    /** Physical registers R0..R7: 64-bit significand (explicit integer bit). MMX register i is {@code mant[i]}. */
    public final long[] mant = new long[8];
    /** Physical registers R0..R7: sign (bit 15) and biased exponent (bits 0..14). */
    public final int[] signExp = new int[8];
    /** Bit i set when physical register i is not empty (the abridged tag word of FXSAVE). */
    public int tagValid;
    /** Control word (FCW). */
    public int fcw = 0x037F;
    /** Status word without TOP (bits 11..13 are kept in {@link #top}). */
    public int fswNoTop;
    /** Stack top (0..7). */
    public int top;
    /** Last x87 instruction pointer/opcode and data pointer (FSTENV/FXSAVE). */
    public int fop, fip, fcs, fdp, fds;

    // ---- SSE register file ---------------------------------------------------------------------------------
    /** XMM0..XMM7 as little-endian quadwords: XMM n is {@code xmm[2n]} (bits 0..63) and {@code xmm[2n+1]}. */
    public final long[] xmm = new long[16];
    public int mxcsr = 0x1F80;
    /** Bits of MXCSR software may set (DAZ supported). */
    public static final int MXCSR_MASK = 0xFFFF;

    // Status word bits.
    public static final int FSW_IE = 1, FSW_DE = 2, FSW_ZE = 4, FSW_OE = 8, FSW_UE = 16, FSW_PE = 32, FSW_SF = 64,
            FSW_ES = 128, FSW_C0 = 1 << 8, FSW_C1 = 1 << 9, FSW_C2 = 1 << 10, FSW_C3 = 1 << 14, FSW_B = 1 << 15;
    public static final int FSW_CC = FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3;

    /**
     * Legacy FPU error reporting (CR0.NE = 0): the PC wires this to IRQ 13. Called with true when an unmasked
     * x87 exception is pending at a waiting instruction, with false when FNCLEX/FNINIT clears it.
     */
    public interface FerrListener {
        void ferr(boolean asserted);
    }

    private FerrListener ferrListener;

    /**
     * Operand size of the current instruction (set by the executor before calling {@link #x87}): selects the
     * 16- or 32-bit layout of FNSTENV/FLDENV/FNSAVE/FRSTOR.
     */
    public boolean operand32 = true;
    /**
     * EIP of the first byte of the current instruction (set by the executor before calling {@link #x87}): the
     * saved FPU instruction pointer (FIP) names the instruction, not the one after it.
     */
    public int instructionEip;
    /** Segment register (Cpu.ES..GS) of the current memory operand: its selector is the saved FDS. */
    public int dataSegment = Cpu.DS;

    final X87 x87;
    final Sse sse;

    public Fpu(Cpu cpu) {
        this.cpu = cpu;
        this.x87 = new X87(this);
        this.sse = new Sse(this);
        reset();
    }

    public void setFerrListener(FerrListener listener) {
        this.ferrListener = listener;
    }

    /** Power-on/RESET state (FXSAVE image of a reset processor). */
    public void reset() {
        finit();
        fcw = 0x0040;
        for (int i = 0; i < 8; i++) {
            mant[i] = 0;
            signExp[i] = 0;
        }
        for (int i = 0; i < 16; i++) {
            xmm[i] = 0;
        }
        mxcsr = 0x1F80;
    }

    /** FNINIT: control 037F, status 0, all registers empty, pointers cleared. */
    void finit() {
        fcw = 0x037F;
        fswNoTop = 0;
        top = 0;
        tagValid = 0;
        fop = fip = fcs = fdp = fds = 0;
        if (ferrListener != null) {
            ferrListener.ferr(false);
        }
    }

    /** FNCLEX/FNINIT: FERR# is deasserted. */
    void clearFerr() {
        if (ferrListener != null) {
            ferrListener.ferr(false);
        }
    }

    /** The full status word with TOP. */
    public int fsw() {
        return (fswNoTop & ~(7 << 11)) | (top << 11);
    }

    public void setFsw(int value) {
        top = (value >> 11) & 7;
        fswNoTop = value & 0xFFFF & ~(7 << 11);
        updateErrorSummary();
    }

    /** ES and B follow the unmasked exception bits. */
    void updateErrorSummary() {
        if ((fswNoTop & ~fcw & 0x3F) != 0) {
            fswNoTop |= FSW_ES | FSW_B;
        } else {
            fswNoTop &= ~(FSW_ES | FSW_B);
        }
    }

    // ---- Tag word ------------------------------------------------------------------------------------------

    /** The full 16-bit tag word (2 bits per physical register), computed from the contents as an i686 does. */
    public int fullTagWord() {
        int tw = 0;
        for (int i = 0; i < 8; i++) {
            int tag;
            if ((tagValid & (1 << i)) == 0) {
                tag = 3;
            } else {
                tag = classifyTag(signExp[i], mant[i]);
            }
            tw |= tag << (2 * i);
        }
        return tw;
    }

    static int classifyTag(int se, long m) {
        int e = se & 0x7FFF;
        if (e == 0x7FFF) {
            return 2;
        }
        if (e == 0) {
            return m == 0 ? 1 : 2;
        }
        return m < 0 ? 0 : 2; // integer bit clear with a non-zero exponent: unnormal, "special"
    }

    public void setFullTagWord(int tw) {
        int valid = 0;
        for (int i = 0; i < 8; i++) {
            if (((tw >> (2 * i)) & 3) != 3) {
                valid |= 1 << i;
            }
        }
        tagValid = valid;
    }

    // ---- Checks shared by every instruction ----------------------------------------------------------------

    /** x87 instructions (D8-DF): #NM when CR0.EM or CR0.TS. */
    void checkX87Available() {
        if ((cpu.cr0 & (Cpu.CR0_EM | Cpu.CR0_TS)) != 0) {
            throw CpuFault.withoutCode(CpuFault.NM);
        }
    }

    /** A waiting x87 instruction with an unmasked exception pending: #MF, or FERR# when CR0.NE is clear. */
    void checkPendingX87Exception() {
        if ((fswNoTop & FSW_ES) != 0) {
            if ((cpu.cr0 & Cpu.CR0_NE) != 0) {
                throw CpuFault.withoutCode(CpuFault.MF);
            }
            if (ferrListener != null) {
                ferrListener.ferr(true);
            }
        }
    }

    /** FWAIT/WAIT: #NM when CR0.TS and CR0.MP, then pending exceptions. */
    public void fwait() {
        if ((cpu.cr0 & (Cpu.CR0_TS | Cpu.CR0_MP)) == (Cpu.CR0_TS | Cpu.CR0_MP)) {
            throw CpuFault.withoutCode(CpuFault.NM);
        }
        checkPendingX87Exception();
    }

    /** MMX instructions: #UD when CR0.EM, #NM when CR0.TS, then pending x87 exceptions. */
    void checkMmx() {
        if ((cpu.cr0 & Cpu.CR0_EM) != 0) {
            throw CpuFault.withoutCode(CpuFault.UD);
        }
        if ((cpu.cr0 & Cpu.CR0_TS) != 0) {
            throw CpuFault.withoutCode(CpuFault.NM);
        }
        checkPendingX87Exception();
    }

    /** SSE instructions: #UD when CR0.EM or CR4.OSFXSR clear, #NM when CR0.TS. */
    void checkSse() {
        if ((cpu.cr0 & Cpu.CR0_EM) != 0 || (cpu.cr4 & Cpu.CR4_OSFXSR) == 0) {
            throw CpuFault.withoutCode(CpuFault.UD);
        }
        if ((cpu.cr0 & Cpu.CR0_TS) != 0) {
            throw CpuFault.withoutCode(CpuFault.NM);
        }
    }

    /** CPUID leaf 1 EDX bits this unit implements (fpu=0, mmx=23, fxsr=24, sse=25, sse2=26); CPUID reports them. */
    public int cpuidEdxFeatures() {
        return 1 | 1 << 23 | 1 << 24 | 1 << 25 | 1 << 26;
    }

    /** CPUID leaf 1 ECX bits this unit implements: sse3 (bit 0); no MONITOR/MWAIT (bit 3). */
    public int cpuidEcxFeatures() {
        return 1;
    }

    // ---- Entry points from the decoder --------------------------------------------------------------------

    /** Executes an x87 instruction: opcode D8..DF, its ModRM byte, and the memory operand's linear address. */
    public void x87(int opcode, int modrm, int linear) {
        x87.execute(opcode, modrm, linear);
    }

    /** True for the 0F-map opcodes this unit implements (A routes them to {@link #execute0F}). */
    public boolean executes0F(int op2) {
        return Sse.handles(op2);
    }

    /** The immediate byte of 0F 70-73, C2, C4-C6 (the executor may also store it in cpu.simdImmediate8). */
    public void setImmediate8(int imm8) {
        cpu.simdImmediate8 = imm8 & 0xFF;
    }

    public void execute0F(int op2, int mandatoryPrefix, int modrm, int linear) {
        sse.execute(op2, mandatoryPrefix, modrm, linear);
    }

    // ---- Memory access (through the CPU's MMU, with the current privilege) --------------------------------

    int read8(int linear) {
        return cpu.mmu.read8(linear);
    }

    int read16(int linear) {
        return cpu.mmu.read16(linear);
    }

    int read32(int linear) {
        return cpu.mmu.read32(linear);
    }

    long read64(int linear) {
        int lo = cpu.mmu.read32(linear);
        int hi = cpu.mmu.read32(linear + 4);
        return ((long) hi << 32) | (lo & 0xFFFFFFFFL);
    }

    void write8(int linear, int v) {
        cpu.mmu.write8(linear, v);
    }

    void write16(int linear, int v) {
        cpu.mmu.write16(linear, v);
    }

    void write32(int linear, int v) {
        cpu.mmu.write32(linear, v);
    }

    /** Probes a multi-part store so that no part is written when a later part would fault. */
    void checkWrite(int linear, int length) {
        cpu.mmu.checkWrite(linear, length);
    }

    void write64(int linear, long v) {
        checkWrite(linear, 8);
        cpu.mmu.write32(linear, (int) v);
        cpu.mmu.write32(linear + 4, (int) (v >>> 32));
    }

    // ---- FXSAVE / FXRSTOR ----------------------------------------------------------------------------------

    void fxsave(int linear) {
        if ((linear & 15) != 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        checkWrite(linear, 512);
        write16(linear, fcw);
        write16(linear + 2, fsw());
        write8(linear + 4, abridgedTagRelativeToPhysical());
        write8(linear + 5, 0);
        write16(linear + 6, fop & 0x7FF);
        write32(linear + 8, fip);
        write16(linear + 12, fcs);
        write16(linear + 14, 0);
        write32(linear + 16, fdp);
        write16(linear + 20, fds);
        write16(linear + 22, 0);
        write32(linear + 24, mxcsr);
        write32(linear + 28, MXCSR_MASK);
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            int a = linear + 32 + i * 16;
            long m = mant[p];
            write32(a, (int) m);
            write32(a + 4, (int) (m >>> 32));
            write16(a + 8, signExp[p]);
            write16(a + 10, 0);
            write32(a + 12, 0);
        }
        for (int i = 0; i < 16; i++) {
            write32(linear + 160 + i * 8, (int) xmm[i]);
            write32(linear + 164 + i * 8, (int) (xmm[i] >>> 32));
        }
        // Bytes 288..511 are reserved/available: an i686 leaves them unmodified.
    }

    private int abridgedTagRelativeToPhysical() {
        return tagValid & 0xFF; // FXSAVE's abridged tag is indexed by physical register
    }

    void fxrstor(int linear) {
        if ((linear & 15) != 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        int newMxcsr = read32(linear + 24);
        if ((newMxcsr & ~MXCSR_MASK) != 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        // Read everything before committing anything (a later page may fault).
        int[] image = new int[128];
        for (int i = 0; i < 128; i++) {
            image[i] = read32(linear + i * 4);
        }
        fcw = image[0] & 0xFFFF;
        setFsw(image[0] >>> 16);
        tagValid = image[1] & 0xFF;
        fop = (image[1] >>> 16) & 0x7FF;
        fip = image[2];
        fcs = image[3] & 0xFFFF;
        fdp = image[4];
        fds = image[5] & 0xFFFF;
        mxcsr = newMxcsr;
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            int w = 8 + i * 4;
            mant[p] = ((long) image[w + 1] << 32) | (image[w] & 0xFFFFFFFFL);
            signExp[p] = image[w + 2] & 0xFFFF;
        }
        for (int i = 0; i < 16; i++) {
            xmm[i] = ((long) image[41 + 2 * i] << 32) | (image[40 + 2 * i] & 0xFFFFFFFFL);
        }
        updateErrorSummary();
    }

    void ldmxcsr(int value) {
        if ((value & ~MXCSR_MASK) != 0) {
            throw CpuFault.withCode(CpuFault.GP, 0);
        }
        mxcsr = value;
    }

    // ---- Machine state save/restore ------------------------------------------------------------------------

    private static final int STATE_VERSION = 1;

    /** Writes the whole FPU/SIMD state (for the machine snapshot format). */
    public void saveState(DataOutput out) throws IOException {
        out.writeInt(STATE_VERSION);
        for (int i = 0; i < 8; i++) {
            out.writeLong(mant[i]);
            out.writeShort(signExp[i]);
        }
        out.writeByte(tagValid);
        out.writeShort(fcw);
        out.writeShort(fsw());
        out.writeShort(fop);
        out.writeInt(fip);
        out.writeShort(fcs);
        out.writeInt(fdp);
        out.writeShort(fds);
        for (int i = 0; i < 16; i++) {
            out.writeLong(xmm[i]);
        }
        out.writeInt(mxcsr);
    }

    public void loadState(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != STATE_VERSION) {
            throw new IOException("FPU state: unsupported version " + version + " (expected " + STATE_VERSION + ")");
        }
        for (int i = 0; i < 8; i++) {
            mant[i] = in.readLong();
            signExp[i] = in.readUnsignedShort();
        }
        tagValid = in.readUnsignedByte();
        fcw = in.readUnsignedShort();
        setFsw(in.readUnsignedShort());
        fop = in.readUnsignedShort();
        fip = in.readInt();
        fcs = in.readUnsignedShort();
        fdp = in.readInt();
        fds = in.readUnsignedShort();
        for (int i = 0; i < 16; i++) {
            xmm[i] = in.readLong();
        }
        int m = in.readInt();
        if ((m & ~MXCSR_MASK) != 0) {
            throw new IOException("FPU state: invalid MXCSR 0x" + Integer.toHexString(m));
        }
        mxcsr = m;
    }
}
