package org.nodeoslab.emulator.cpu.jit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nodeoslab.emulator.cpu.JitBridge;

/**
 * The front end: builds a {@link Region} from an entry point out of the interpreter's pre-decoded entries (the
 * forms of {@code InstructionTable}, decoded by the same decoder), reading immediates from the page. Prefix-free
 * 32-bit forms that dominate compiled C become native IR; everything else runs through the interpreter inside
 * the region, and transfers of control and block-ending instructions end it.
 */
public final class RegionBuilder {
    private static final int EAX = 0, ECX = 1, EDX = 2, ESI = 6, EDI = 7, ES = 0, DS = 3;

    private final JitBridge cpu;
    private final int entryEip;
    private final int entryPhysical;
    private final int mode;

    private RegionBuilder(JitBridge cpu, int entryEip, int key) {
        this.cpu = cpu;
        this.entryEip = entryEip;
        this.entryPhysical = key & 0x7FFFFFFF;
        this.mode = key & 0x80000000;
    }

    /**
     * The region entered at EIP {@code entryEip}, physical address and mode {@code key}, of at most {@code max}
     * instructions (a random number up to it when {@code split} is given); null when not even its first
     * instruction can be decoded.
     */
    public static Region build(JitBridge cpu, int entryEip, int key, int max, Random split) {
        if (split != null) {
            max = 1 + split.nextInt(max);
        }
        return new RegionBuilder(cpu, entryEip, key).build(max);
    }

    private Region build(int max) {
        int window = cpu.windowLeft(entryEip); // the page, clipped to the CS limit
        List<Insn> out = new ArrayList<>();
        int delta = 0;
        int reach = 0; // the furthest forward Jcc/JMP target in the page seen so far (the region's own code if it gets there)
        while (out.size() < max) {
            int phys = entryPhysical + delta;
            if (!cpu.loadEntry(entryEip + delta, phys | mode)) {
                break;
            }
            int op = cpu.entryOpcode();
            int modrm = cpu.entryModrm();
            int immediate = immediateBytes(op, modrm >> 3 & 7, cpu.entryO32(), cpu.entryA32(), cpu.entrySimd());
            int next = delta + cpu.entryLength() + immediate;
            if (next > window) {
                break; // its immediate is on the next page or beyond the CS limit
            }
            int immAt = phys + cpu.entryLength();
            Insn insn = cpu.entryPlain() || cpu.entryOverrideOnly() || cpu.entryLockedPlain()
                    ? nativeForm(op, modrm, delta, next, immAt)
                    : cpu.entryOperand16() ? nativeForm16(op, modrm, delta, next, immAt)
                    : hintForm(op, modrm, delta, next);
            if (insn == null) {
                insn = new Insn(Insn.INTERPRET, 0, null, null, delta, next, 0, cpu.entryWord(), cpu.entryForm(),
                        cpu.entryDisplacement(), endsRegion(op, modrm >> 3 & 7, cpu.entrySimd()));
            }
            out.add(insn);
            delta = next;
            if ((insn.kind == Insn.JCC || insn.kind == Insn.JMP) && insn.target > insn.start && insn.target < window) {
                reach = Math.max(reach, insn.target);
            }
            if (insn.last && !(continuesPast(insn) && reach >= next)) {
                break;
            }
        }
        return out.isEmpty() ? null : new Region(entryPhysical | mode, out, delta);
    }

    /**
     * A direct JMP or CALL whose following bytes a jump of the region itself leads to (the JMP's own target ahead in
     * the page, or an earlier Jcc/JMP's): the region goes on past it, so that the back ends keep those jumps inside
     * the compiled code (an if/else's JMP over the else, a loop entered by a JMP to its test); the JMP or CALL
     * itself still leaves, or jumps inside, as before.
     */
    private static boolean continuesPast(Insn insn) {
        return insn.kind == Insn.JMP || insn.kind == Insn.CALL;
    }

    // ---- Native forms ----------------------------------------------------------------------------------------

    /** The IR of a prefix-free 32-bit instruction, or null when it is left to the interpreter. */
    private Insn nativeForm(int op, int modrm, int start, int next, int immAt) {
        int reg = modrm >> 3 & 7;
        if (op < 0x40 && (op & 7) < 6) {
            int kind = op >> 3;
            switch (op & 7) {
                case 0: return alu(kind, rm(modrm, 8), Operand.register(reg, 8), start, next);
                case 1: return alu(kind, rm(modrm, 32), Operand.register(reg, 32), start, next);
                case 2: return alu(kind, Operand.register(reg, 8), rm(modrm, 8), start, next);
                case 3: return alu(kind, Operand.register(reg, 32), rm(modrm, 32), start, next);
                case 4: return alu(kind, Operand.register(EAX, 8), imm8(immAt), start, next);
                default: return alu(kind, Operand.register(EAX, 32), imm32(immAt), start, next);
            }
        }
        if (op >= 0x40 && op < 0x50) {
            return simple(op < 0x48 ? Insn.INC : Insn.DEC, Operand.register(op & 7, 32), null, start, next);
        }
        if (op >= 0x50 && op < 0x58) {
            return simple(Insn.PUSH, null, Operand.register(op & 7, 32), start, next);
        }
        if (op >= 0x58 && op < 0x60) {
            return simple(Insn.POP, Operand.register(op & 7, 32), null, start, next);
        }
        if (op >= 0x70 && op < 0x80) {
            return jump(Insn.JCC, op & 15, next + (byte) cpu.ramByte(immAt), start, next, false);
        }
        if (op >= 0xB0 && op < 0xB8) {
            return simple(Insn.MOV, Operand.register(op & 7, 8), imm8(immAt), start, next);
        }
        if (op >= 0xB8 && op < 0xC0) {
            return simple(Insn.MOV, Operand.register(op & 7, 32), imm32(immAt), start, next);
        }
        if (op >= 0x140 && op < 0x150) {
            return new Insn(Insn.CMOV, op & 15, Operand.register(reg, 32), rm(modrm, 32), start, next, 0, 0, 0, 0,
                    false);
        }
        if (op >= 0x180 && op < 0x190) {
            return jump(Insn.JCC, op & 15, next + imm32(immAt).value, start, next, false);
        }
        if (op >= 0x190 && op < 0x1A0) {
            return new Insn(Insn.SETCC, op & 15, rm(modrm, 8), null, start, next, 0, 0, 0, 0, false);
        }
        switch (op) {
            case 0x68: return simple(Insn.PUSH, null, imm32(immAt), start, next);
            case 0x69: return imul(reg, rm(modrm, 32), imm32(immAt).value, start, next);
            case 0x6B: return imul(reg, rm(modrm, 32), (byte) cpu.ramByte(immAt), start, next);
            case 0x1AF:
                return new Insn(Insn.IMUL, 0, Operand.register(reg, 32), rm(modrm, 32), start, next, 0, 0, 0, 0,
                        false);
            case 0x6A: return simple(Insn.PUSH, null, Operand.immediate((byte) cpu.ramByte(immAt), 32), start, next);
            case 0x80: case 0x82: return alu(reg, rm(modrm, 8), imm8(immAt), start, next);
            case 0x81: return alu(reg, rm(modrm, 32), imm32(immAt), start, next);
            case 0x83: return alu(reg, rm(modrm, 32), Operand.immediate((byte) cpu.ramByte(immAt), 32), start, next);
            case 0x84: return simple(Insn.TEST, rm(modrm, 8), Operand.register(reg, 8), start, next);
            case 0x85: return simple(Insn.TEST, rm(modrm, 32), Operand.register(reg, 32), start, next);
            case 0x88: return simple(Insn.MOV, rm(modrm, 8), Operand.register(reg, 8), start, next);
            case 0x89: return simple(Insn.MOV, rm(modrm, 32), Operand.register(reg, 32), start, next);
            case 0x8A: return simple(Insn.MOV, Operand.register(reg, 8), rm(modrm, 8), start, next);
            case 0x8B: return simple(Insn.MOV, Operand.register(reg, 32), rm(modrm, 32), start, next);
            case 0x8D:
                return modrm < 0xC0 ? simple(Insn.LEA, Operand.register(reg, 32), rm(modrm, 32), start, next) : null;
            case 0x90: return simple(Insn.NOP, null, null, start, next);
            case 0x98: return simple(Insn.CWDE, null, null, start, next);
            case 0x99: return simple(Insn.CDQ, null, null, start, next);
            case 0xA8: return simple(Insn.TEST, Operand.register(EAX, 8), imm8(immAt), start, next);
            case 0xA9: return simple(Insn.TEST, Operand.register(EAX, 32), imm32(immAt), start, next);
            case 0xA0: return moffs(false, 8, start, next, immAt);
            case 0xA1: return moffs(false, 32, start, next, immAt);
            case 0xA2: return moffs(true, 8, start, next, immAt);
            case 0xA3: return moffs(true, 32, start, next, immAt);
            case 0xF6: return reg < 2 ? simple(Insn.TEST, rm(modrm, 8), imm8(immAt), start, next)
                    : group3(reg, rm(modrm, 8), start, next);
            case 0xF7: return reg < 2 ? simple(Insn.TEST, rm(modrm, 32), imm32(immAt), start, next)
                    : group3(reg, rm(modrm, 32), start, next);
            case 0x86: return simple(Insn.XCHG, rm(modrm, 8), Operand.register(reg, 8), start, next);
            case 0x87: return simple(Insn.XCHG, rm(modrm, 32), Operand.register(reg, 32), start, next);
            case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
                return simple(Insn.XCHG, Operand.register(op & 7, 32), Operand.register(EAX, 32), start, next);
            case 0xC9: return simple(Insn.LEAVE, null, null, start, next);
            case 0xA4: case 0xA5: case 0xA6: case 0xA7: case 0xAA: case 0xAB: case 0xAC: case 0xAD: case 0xAE:
            case 0xAF:
                return string(op, (op & 1) == 0 ? 8 : 32, start, next);
            case 0xC0: return shift(reg, rm(modrm, 8), Operand.immediate(cpu.ramByte(immAt) & 0x1F, 8), start, next);
            case 0xC1: return shift(reg, rm(modrm, 32), Operand.immediate(cpu.ramByte(immAt) & 0x1F, 8), start, next);
            case 0xD0: return shift(reg, rm(modrm, 8), Operand.immediate(1, 8), start, next);
            case 0xD1: return shift(reg, rm(modrm, 32), Operand.immediate(1, 8), start, next);
            case 0xD2: return shift(reg, rm(modrm, 8), Operand.register(ECX, 32), start, next);
            case 0xD3: return shift(reg, rm(modrm, 32), Operand.register(ECX, 32), start, next);
            case 0xC2: return jump(Insn.RET, 0, cpu.ramByte(immAt) | cpu.ramByte(immAt + 1) << 8, start, next, true);
            case 0xC3: return jump(Insn.RET, 0, 0, start, next, true);
            case 0xC6: return simple(Insn.MOV, rm(modrm, 8), imm8(immAt), start, next);
            case 0xC7: return simple(Insn.MOV, rm(modrm, 32), imm32(immAt), start, next);
            case 0xE8: return jump(Insn.CALL, 0, next + imm32(immAt).value, start, next, true);
            case 0xE9: return jump(Insn.JMP, 0, next + imm32(immAt).value, start, next, true);
            case 0xEB: return jump(Insn.JMP, 0, next + (byte) cpu.ramByte(immAt), start, next, true);
            case 0xFE:
                return reg < 2 ? simple(reg == 0 ? Insn.INC : Insn.DEC, rm(modrm, 8), null, start, next) : null;
            case 0xFF:
                switch (reg) {
                    case 0: return simple(Insn.INC, rm(modrm, 32), null, start, next);
                    case 1: return simple(Insn.DEC, rm(modrm, 32), null, start, next);
                    case 2: return new Insn(Insn.CALL_INDIRECT, 0, null, rm(modrm, 32), start, next, 0, 0, 0, 0, true);
                    case 4: return new Insn(Insn.JMP_INDIRECT, 0, null, rm(modrm, 32), start, next, 0, 0, 0, 0, true);
                    case 6: return simple(Insn.PUSH, null, rm(modrm, 32), start, next);
                    default: return null;
                }
            case 0x1B0: return simple(Insn.CMPXCHG, rm(modrm, 8), Operand.register(reg, 8), start, next);
            case 0x1B1: return simple(Insn.CMPXCHG, rm(modrm, 32), Operand.register(reg, 32), start, next);
            case 0x1C0: return simple(Insn.XADD, rm(modrm, 8), Operand.register(reg, 8), start, next);
            case 0x1C1: return simple(Insn.XADD, rm(modrm, 32), Operand.register(reg, 32), start, next);
            case 0x1C8: case 0x1C9: case 0x1CA: case 0x1CB: case 0x1CC: case 0x1CD: case 0x1CE: case 0x1CF:
                return simple(Insn.BSWAP, Operand.register(op & 7, 32), null, start, next);
            case 0x1B6: return simple(Insn.MOVZX, Operand.register(reg, 32), rm(modrm, 8), start, next);
            case 0x1B7: return simple(Insn.MOVZX, Operand.register(reg, 32), rm(modrm, 16), start, next);
            case 0x1BE: return simple(Insn.MOVSX, Operand.register(reg, 32), rm(modrm, 8), start, next);
            case 0x1BF: return simple(Insn.MOVSX, Operand.register(reg, 32), rm(modrm, 16), start, next);
            default: return null;
        }
    }

    /**
     * The hints that do nothing here: PAUSE (F3 90) and LFENCE/MFENCE/SFENCE (0F AE /5-7 on a register, as the
     * interpreter's Sse runs them: memory is strongly ordered); null for anything else.
     */
    private Insn hintForm(int op, int modrm, int start, int next) {
        if (op == 0x90 && cpu.entryPrefixClass() == InterpretProfile.REP) {
            return simple(Insn.NOP, null, null, start, next);
        }
        if (op == 0x1AE && modrm >= 0xE8 && cpu.entrySimdUnprefixed()) {
            return simple(Insn.NOP, null, null, start, next);
        }
        return null;
    }

    /**
     * F6/F7 /2 NOT and /3 NEG, and F7 /4 MUL and /5 IMUL with 32-bit operands (the 8- and 16-bit ones, DIV and IDIV
     * stay with the interpreter); null for the others.
     */
    private static Insn group3(int reg, Operand dst, int start, int next) {
        switch (reg) {
            case 2: return simple(Insn.NOT, dst, null, start, next);
            case 3: return simple(Insn.NEG, dst, null, start, next);
            case 4: case 5:
                return dst.size == 32 ? new Insn(Insn.MUL, reg - 4, null, dst, start, next, 0, 0, 0, 0, false) : null;
            default: return null;
        }
    }

    /**
     * A string instruction without REP (32-bit addresses): its operands as {@link Insn#sub} describes, the source
     * segment DS or the override's.
     */
    private Insn string(int op, int size, int start, int next) {
        int source = cpu.entryOverride() >= 0 ? cpu.entryOverride() : DS;
        Operand si = Operand.memory(source, ESI, Operand.NONE, 0, 0, size);
        Operand di = Operand.memory(ES, EDI, Operand.NONE, 0, 0, size);
        Operand accumulator = Operand.register(EAX, size);
        Operand dst;
        Operand src;
        switch (op & ~1) {
            case 0xA4: dst = di; src = si; break;
            case 0xA6: dst = si; src = di; break;
            case 0xAA: dst = di; src = accumulator; break;
            case 0xAC: dst = accumulator; src = si; break;
            default: dst = accumulator; src = di; break; // AE: SCAS
        }
        return new Insn(Insn.STRING, op, dst, src, start, next, 0, 0, 0, 0, false);
    }

    /** MOV between AL/EAX and a moffs (DS, or the override's segment): {@code toMemory}, {@code size}. */
    private Insn moffs(boolean toMemory, int size, int start, int next, int immAt) {
        int segment = cpu.entryOverride() >= 0 ? cpu.entryOverride() : DS;
        Operand memory = Operand.memory(segment, Operand.NONE, Operand.NONE, 0, imm32(immAt).value, size);
        Operand accumulator = Operand.register(EAX, size);
        return toMemory ? simple(Insn.MOV, memory, accumulator, start, next)
                : simple(Insn.MOV, accumulator, memory, start, next);
    }

    /** The IR of an instruction whose only prefix is 66 (16-bit operands), or null. */
    private Insn nativeForm16(int op, int modrm, int start, int next, int immAt) {
        int reg = modrm >> 3 & 7;
        Operand imm16 = Operand.immediate(cpu.ramByte(immAt) | cpu.ramByte(immAt + 1) << 8, 16);
        if (op < 0x40 && (op & 1) == 1 && (op & 7) < 6) {
            int kind = op >> 3;
            switch (op & 7) {
                case 1: return alu(kind, rm(modrm, 16), Operand.register(reg, 16), start, next);
                case 3: return alu(kind, Operand.register(reg, 16), rm(modrm, 16), start, next);
                default: return alu(kind, Operand.register(EAX, 16), imm16, start, next);
            }
        }
        if (op >= 0x40 && op < 0x50) {
            return simple(op < 0x48 ? Insn.INC : Insn.DEC, Operand.register(op & 7, 16), null, start, next);
        }
        if (op >= 0xB8 && op < 0xC0) {
            return simple(Insn.MOV, Operand.register(op & 7, 16), imm16, start, next);
        }
        switch (op) {
            case 0x81: return alu(reg, rm(modrm, 16), imm16, start, next);
            case 0x83: return alu(reg, rm(modrm, 16), Operand.immediate((byte) cpu.ramByte(immAt), 16), start, next);
            case 0x85: return simple(Insn.TEST, rm(modrm, 16), Operand.register(reg, 16), start, next);
            case 0xA9: return simple(Insn.TEST, Operand.register(EAX, 16), imm16, start, next);
            case 0x89: return simple(Insn.MOV, rm(modrm, 16), Operand.register(reg, 16), start, next);
            case 0x8B: return simple(Insn.MOV, Operand.register(reg, 16), rm(modrm, 16), start, next);
            case 0xC7: return simple(Insn.MOV, rm(modrm, 16), imm16, start, next);
            case 0x90: return simple(Insn.NOP, null, null, start, next); // XCHG AX, AX
            case 0xF7: return reg < 2 ? simple(Insn.TEST, rm(modrm, 16), imm16, start, next)
                    : group3(reg, rm(modrm, 16), start, next);
            case 0x87: return simple(Insn.XCHG, rm(modrm, 16), Operand.register(reg, 16), start, next);
            case 0x1B1: return simple(Insn.CMPXCHG, rm(modrm, 16), Operand.register(reg, 16), start, next);
            case 0x1C1: return simple(Insn.XADD, rm(modrm, 16), Operand.register(reg, 16), start, next);
            case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
                return simple(Insn.XCHG, Operand.register(op & 7, 16), Operand.register(EAX, 16), start, next);
            case 0xA5: case 0xA7: case 0xAB: case 0xAD: case 0xAF:
                return string(op, 16, start, next);
            case 0x1B6: return simple(Insn.MOVZX, Operand.register(reg, 16), rm(modrm, 8), start, next);
            case 0x1BE: return simple(Insn.MOVSX, Operand.register(reg, 16), rm(modrm, 8), start, next);
            case 0xC1: return shift(reg, rm(modrm, 16), Operand.immediate(cpu.ramByte(immAt) & 0x1F, 8), start, next);
            case 0xD1: return shift(reg, rm(modrm, 16), Operand.immediate(1, 8), start, next);
            case 0xD3: return shift(reg, rm(modrm, 16), Operand.register(ECX, 32), start, next);
            case 0xFF:
                return reg < 2 ? simple(reg == 0 ? Insn.INC : Insn.DEC, rm(modrm, 16), null, start, next) : null;
            default: return null;
        }
    }

    private Operand rm(int modrm, int size) {
        if (modrm >= 0xC0) {
            return Operand.register(modrm & 7, size);
        }
        return Operand.memory(cpu.entrySegment(), cpu.entryBase(), cpu.entryIndex(), cpu.entryScale(),
                cpu.entryDisplacement(), size);
    }

    private Operand imm8(int at) {
        return Operand.immediate(cpu.ramByte(at), 8);
    }

    private Operand imm32(int at) {
        return Operand.immediate(cpu.ramByte(at) | cpu.ramByte(at + 1) << 8 | cpu.ramByte(at + 2) << 16
                | cpu.ramByte(at + 3) << 24, 32);
    }

    private static Insn simple(int kind, Operand dst, Operand src, int start, int next) {
        return new Insn(kind, 0, dst, src, start, next, 0, 0, 0, 0, false);
    }

    private static Insn alu(int op, Operand dst, Operand src, int start, int next) {
        return new Insn(Insn.ALU, op, dst, src, start, next, 0, 0, 0, 0, false);
    }

    private static Insn imul(int reg, Operand src, int immediate, int start, int next) {
        return new Insn(Insn.IMUL, 1, Operand.register(reg, 32), src, start, next, immediate, 0, 0, 0, false);
    }

    private static Insn shift(int op, Operand dst, Operand count, int start, int next) {
        return new Insn(Insn.SHIFT, op, dst, count, start, next, 0, 0, 0, 0, false);
    }

    private static Insn jump(int kind, int cc, int target, int start, int next, boolean last) {
        return new Insn(kind, cc, null, null, start, next, target, 0, 0, 0, last);
    }

    // ---- Instruction lengths and region ends ---------------------------------------------------------------

    /**
     * Bytes of immediate after what the decoder consumed (the interpreter fetches them when it runs the
     * instruction), for any form; {@code reg} is the ModRM reg field.
     */
    static int immediateBytes(int op, int reg, boolean o32, boolean a32, boolean simd) {
        int z = o32 ? 4 : 2;
        if (op >= 0x100) {
            int op2 = op & 0xFF;
            if (simd) {
                return (op2 >= 0x70 && op2 <= 0x73) || op2 == 0xC2 || (op2 >= 0xC4 && op2 <= 0xC6) ? 1 : 0;
            }
            if (op2 >= 0x80 && op2 <= 0x8F) {
                return z;
            }
            return op2 == 0xA4 || op2 == 0xAC || op2 == 0xBA ? 1 : 0;
        }
        if (op < 0x40) {
            int f = op & 7;
            return f == 4 ? 1 : f == 5 ? z : 0;
        }
        if ((op >= 0x70 && op <= 0x7F) || (op >= 0xB0 && op <= 0xB7) || (op >= 0xE0 && op <= 0xE7)) {
            return 1;
        }
        if (op >= 0xB8 && op <= 0xBF) {
            return z;
        }
        switch (op) {
            case 0x68: case 0x69: case 0x81: case 0xA9: case 0xC7: case 0xE8: case 0xE9:
                return z;
            case 0x6A: case 0x6B: case 0x80: case 0x82: case 0x83: case 0xA8: case 0xC0: case 0xC1: case 0xC6:
            case 0xCD: case 0xD4: case 0xD5: case 0xEB:
                return 1;
            case 0xA0: case 0xA1: case 0xA2: case 0xA3:
                return a32 ? 4 : 2;
            case 0xC2: case 0xCA:
                return 2;
            case 0xC8:
                return 3;
            case 0x9A: case 0xEA:
                return z + 2;
            case 0xF6:
                return reg < 2 ? 1 : 0;
            case 0xF7:
                return reg < 2 ? z : 0;
            default:
                return 0;
        }
    }

    /**
     * Instructions after which the region stops: transfers of control, segment and flag loads, I/O, HLT, and the
     * system part of the 0F map. (Anything else that changes the mode or ends a block is caught when it runs: the
     * interpreter's end-of-block flag, EIP and the fetch window are looked at after every interpreted one.)
     */
    static boolean endsRegion(int op, int reg, boolean simd) {
        if (simd) {
            return false;
        }
        if (op >= 0x100) {
            int op2 = op & 0xFF;
            return op2 < 0x18 || (op2 >= 0x20 && op2 < 0x40) || (op2 >= 0x80 && op2 <= 0x8F) || op2 == 0xA0
                    || op2 == 0xA1 || op2 == 0xA2 || op2 == 0xA8 || op2 == 0xA9 || op2 == 0xB2 || op2 == 0xB4
                    || op2 == 0xB5;
        }
        if ((op >= 0x70 && op <= 0x7F) || (op >= 0xE0 && op <= 0xEF) || (op >= 0xC2 && op <= 0xC5)
                || (op >= 0xCA && op <= 0xCF) || (op >= 0x6C && op <= 0x6F)) {
            return true;
        }
        switch (op) {
            case 0x07: case 0x17: case 0x1F: case 0x62: case 0x8E: case 0x9A: case 0x9B: case 0x9D: case 0xF1:
            case 0xF4: case 0xFA: case 0xFB:
                return true;
            case 0xFF:
                return reg >= 2 && reg <= 5;
            default:
                return false;
        }
    }
}
