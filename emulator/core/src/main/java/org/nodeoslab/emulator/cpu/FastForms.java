package org.nodeoslab.emulator.cpu;

import org.nodeoslab.emulator.bus.MemoryStorage;

/**
 * Specialised handlers for the commonest instruction forms of 32-bit code without prefixes (or with a segment
 * override alone), chosen once when an instruction is pre-decoded ({@link DecodedCode}) and run instead of the opcode switches of {@link Executor}:
 * each handler is straight-line code for one form and one operation (ADD r/m32,r32 with a register destination,
 * CMP r/m32,imm with a memory operand, Jcc, PUSH r32, ...), so an instruction costs one dispatch instead of the
 * opcode switch, the operand-size and register/memory tests and the group-1 switch. Their immediates are stored
 * in the entry too (one beside a displacement shares its int when both fit 16 bits, else is read from the page), so
 * they never fetch.
 *
 * <p>Which forms exist, their ModRM and immediates still come from {@link InstructionTable}; this class only
 * chooses a handler for a decoded form. Forms with two encodings (ADD r32,r/m32 with a register operand is also
 * ADD r/m32,r32; ADD EAX,imm32 is also ADD r/m32,imm32 with ModRM C0) are stored in the encoding their handler
 * reads (the entry's opcode index and ModRM are rewritten to it): the entry then describes an equivalent
 * instruction whose immediate, if any, has the same size and place, so the general path (and a compiler's front
 * end) may read it as well.
 *
 * <p>Every handler keeps the semantics of the general path (faults, flags kept lazily, a memory
 * read-modify-write saving the flags first); the differential suite runs through both.
 */
final class FastForms {
    private FastForms() {
    }

    // ---- Handlers (0 = none: the general path) -------------------------------------------------------------
    static final int LOAD32 = 1, STORE32 = 2, MOV_RR = 3, LEA = 4, LOAD8 = 5, STORE8 = 6, MOV_R_IMM = 7,
            STORE32_IMM = 8, STORE8_IMM = 9, MOVZX8_MEM = 10, MOVZX8_REG = 11, MOVZX16_MEM = 12, MOVZX16_REG = 13,
            MOVSX8_MEM = 14, MOVSX8_REG = 15, MOVSX16_MEM = 16, MOVSX16_REG = 17, MOV_R8_IMM = 18;
    static final int PUSH_R = 20, POP_R = 21, PUSH_IMM = 22, PUSH_MEM = 23, CALL_REL = 24, RET = 25, CALL_RM = 26,
            JMP_RM = 27, LEAVE = 28, JMP_REL = 29, JCC = 30, INC_R = 31, DEC_R = 32, SHIFT_RI = 33, SETCC_REG = 34,
            SETCC_MEM = 35, CMOVCC = 36, IMUL_R_RM = 37;
    /** The commonest forms a node -e still ran on the general path (2.1M IMUL r,r/m,imm; 2.6M shifts by 1 or CL). */
    static final int IMUL_R_RM_IMM = 38, SHIFT_R1 = 39, SHIFT_RCL = 40, RET_IMM = 41, NOT_R = 42, NEG_R = 43, NOP = 44;
    /**
     * The commonest forms a node -e after a restore still ran on the general path (in millions: 1.9 MOV EAX,moffs,
     * 0.7 MOV moffs,EAX, 0.9 INC/DEC m32 under FS/GS; with an operand-size prefix 2.0 MOV m16,r16, 1.8 MOVSX r16,m8,
     * 1.3 CMP r16,imm8, 0.3 the two-byte NOP).
     */
    static final int LOAD_EAX_MOFFS = 45, STORE_MOFFS_EAX = 46, INC_M = 47, DEC_M = 48, STORE16 = 49,
            MOVSX8_16_MEM = 50, MOVSX8_16_REG = 51, ALU16_RI = 52;
    /**
     * MMX/SSE forms without an immediate, by mandatory prefix (none, 66, F2, F3): straight to the FPU's decoder
     * with the memory operand's linear address (in millions, a node -e after a restore ran 1.0 MOVQ m64,xmm,
     * 0.8 MOVD m32,xmm, 0.6 MOVD xmm,r32, 0.4 PUNPCKLDQ, 0.3 MOVUPS m,xmm... on the general path).
     */
    static final int SIMD = 53, SIMD_66 = 54, SIMD_F2 = 55, SIMD_F3 = 56;
    /** The mandatory prefix of each SIMD handler, from {@link #SIMD} on. */
    private static final int[] SIMD_PREFIXES = {0, 0x66, 0xF2, 0xF3};
    /**
     * ALU families, each followed by its nine operations: the group-1 order ADD OR ADC SBB AND SUB XOR CMP, then
     * TEST. RR: r/m register destination, reg source; RI: r/m register destination, immediate source; RM: reg
     * destination, memory source; MR: memory destination, reg source; MI: memory destination, immediate source.
     */
    static final int RR = 64, RI = 73, RM = 82, MR = 91, MI = 100;
    /** The same families on bytes. */
    static final int RR8 = 110, RI8 = 119, RM8 = 128, MR8 = 137, MI8 = 146;
    private static final int TEST = 8;
    /**
     * A CMP or TEST of a register with a register or a byte immediate and the Jcc right after it, run as one entry
     * (one dispatch, one slot, for two instructions): {@code CMP_JCC + k} fuses the handler {@link #FUSABLE}[k]. Its
     * slot's value holds the Jcc (see {@link #fusedValue}); its whole length covers both, so a write to the Jcc's bytes
     * drops the entry. Each instruction counts, the Jcc runs only within the budget (single steps run the compare
     * alone), and a fault of the Jcc is the Jcc's.
     */
    static final int CMP_JCC = 160;
    private static final int[] FUSABLE = {RR + 7, RR + TEST, RI + 7, RI + TEST, RR8 + 7, RR8 + TEST, RI8 + 7,
        RI8 + TEST};

    /**
     * The handler for a form decoded without prefixes (or a segment override alone) in 32-bit code whose attribute
     * check is the plain one, as {@code handler | index << 8 | modrm << 17} (the index and ModRM the entry keeps, see the class comment),
     * or 0 for none.
     */
    static int choose(int index, int m, boolean memory) {
        boolean reg = m >= 0xC0;
        int r = m >> 3 & 7;
        if (index < 0x40) {
            int kind = index >> 3;
            switch (index & 7) {
                case 0: return reg ? as(RR8 + kind, index, m) : memory ? as(MR8 + kind, index, m) : 0;
                case 1: return reg ? as(RR + kind, index, m) : memory ? as(MR + kind, index, m) : 0;
                case 2: return reg ? as(RR8 + kind, index - 2, swap(m)) : memory ? as(RM8 + kind, index, m) : 0;
                case 3: return reg ? as(RR + kind, index - 2, swap(m)) : memory ? as(RM + kind, index, m) : 0;
                case 4: return as(RI8 + kind, 0x80, 0xC0 | kind << 3);
                case 5: return as(RI + kind, 0x81, 0xC0 | kind << 3);
                default: return 0;
            }
        }
        if (index >= 0x40 && index <= 0x5F) {
            return as(index < 0x48 ? INC_R : index < 0x50 ? DEC_R : index < 0x58 ? PUSH_R : POP_R, index, m);
        }
        if ((index >= 0x70 && index <= 0x7F) || (index >= 0x180 && index <= 0x18F)) {
            return as(JCC, index, m);
        }
        if (index >= 0xB0 && index <= 0xBF) {
            return as(index < 0xB8 ? MOV_R8_IMM : MOV_R_IMM, index, m);
        }
        if (index >= 0x190 && index <= 0x19F) {
            return as(reg ? SETCC_REG : memory ? SETCC_MEM : 0, index, m);
        }
        if (index >= 0x140 && index <= 0x14F) {
            return reg || memory ? as(CMOVCC, index, m) : 0;
        }
        switch (index) {
            case 0x80: case 0x82: return reg ? as(RI8 + r, 0x80, m) : memory ? as(MI8 + r, 0x80, m) : 0;
            case 0x81: case 0x83: return reg ? as(RI + r, index, m) : memory ? as(MI + r, index, m) : 0;
            case 0x84: return reg ? as(RR8 + TEST, index, m) : memory ? as(MR8 + TEST, index, m) : 0;
            case 0x85: return reg ? as(RR + TEST, index, m) : memory ? as(MR + TEST, index, m) : 0;
            case 0xA8: return as(RI8 + TEST, 0xF6, 0xC0);
            case 0xA9: return as(RI + TEST, 0xF7, 0xC0);
            case 0xF6: return r > 1 ? 0 : reg ? as(RI8 + TEST, index, m) : memory ? as(MI8 + TEST, index, m) : 0;
            case 0xF7:
                if (r == 2 || r == 3) {
                    return reg ? as(r == 2 ? NOT_R : NEG_R, index, m) : 0;
                }
                return r > 1 ? 0 : reg ? as(RI + TEST, index, m) : memory ? as(MI + TEST, index, m) : 0;
            case 0x88: return memory ? as(STORE8, index, m) : 0;
            case 0x8A: return memory ? as(LOAD8, index, m) : 0;
            case 0x89: return reg ? as(MOV_RR, index, m) : memory ? as(STORE32, index, m) : 0;
            case 0x8B: return reg ? as(MOV_RR, 0x89, swap(m)) : memory ? as(LOAD32, index, m) : 0;
            case 0x8D: return memory ? as(LEA, index, m) : 0;
            case 0x68: case 0x6A: return as(PUSH_IMM, index, m);
            case 0xC1: return reg ? as(SHIFT_RI, index, m) : 0;
            case 0xD1: return reg ? as(SHIFT_R1, index, m) : 0;
            case 0xD3: return reg ? as(SHIFT_RCL, index, m) : 0;
            case 0x69: case 0x6B: return reg || memory ? as(IMUL_R_RM_IMM, index, m) : 0;
            case 0xC2: return as(RET_IMM, index, m);
            case 0xA1: return as(LOAD_EAX_MOFFS, index, m);
            case 0xA3: return as(STORE_MOFFS_EAX, index, m);
            case 0x90: return as(NOP, index, m);
            case 0xC3: return as(RET, index, m);
            case 0xC9: return as(LEAVE, index, m);
            case 0xC6: return memory ? as(STORE8_IMM, index, m) : 0;
            case 0xC7: return reg ? as(MOV_R_IMM, 0xB8 | (m & 7), 0) : memory ? as(STORE32_IMM, index, m) : 0;
            case 0xE8: return as(CALL_REL, index, m);
            case 0xE9: case 0xEB: return as(JMP_REL, index, m);
            case 0xFF:
                switch (r) {
                    case 0: return reg ? as(INC_R, 0x40 | (m & 7), 0) : memory ? as(INC_M, index, m) : 0;
                    case 1: return reg ? as(DEC_R, 0x48 | (m & 7), 0) : memory ? as(DEC_M, index, m) : 0;
                    case 2: return reg || memory ? as(CALL_RM, index, m) : 0;
                    case 4: return reg || memory ? as(JMP_RM, index, m) : 0;
                    case 6: return reg ? as(PUSH_R, 0x50 | (m & 7), 0) : memory ? as(PUSH_MEM, index, m) : 0;
                    default: return 0;
                }
            case 0x1AF: return reg || memory ? as(IMUL_R_RM, index, m) : 0;
            case 0x1B6: return as(reg ? MOVZX8_REG : memory ? MOVZX8_MEM : 0, index, m);
            case 0x1B7: return as(reg ? MOVZX16_REG : memory ? MOVZX16_MEM : 0, index, m);
            case 0x1BE: return as(reg ? MOVSX8_REG : memory ? MOVSX8_MEM : 0, index, m);
            case 0x1BF: return as(reg ? MOVSX16_REG : memory ? MOVSX16_MEM : 0, index, m);
            default: return 0;
        }
    }

    /**
     * As {@link #choose}, for a form decoded with an operand-size prefix (66) and otherwise the 32-bit defaults
     * (a segment override allowed): the few 16-bit forms with a handler, whose immediate, if any, is an Ib or an Iz
     * (16 bits here: the decoder stores it so).
     */
    static int choose16(int index, int m, boolean memory) {
        boolean reg = m >= 0xC0;
        switch (index) {
            case 0x89: return memory ? as(STORE16, index, m) : 0;
            case 0x81: case 0x83: return reg ? as(ALU16_RI, index, m) : 0; // 0.6M CMP r16,imm16
            case 0x05: case 0x0D: case 0x15: case 0x1D: case 0x25: case 0x2D: case 0x35: case 0x3D: // 0.4M CMP AX
                return as(ALU16_RI, 0x81, 0xC0 | (index >> 3) << 3);
            case 0x90: return as(NOP, index, m); // XCHG AX,AX
            case 0x1BE: return reg ? as(MOVSX8_16_REG, index, m) : memory ? as(MOVSX8_16_MEM, index, m) : 0;
            default: return 0;
        }
    }

    /**
     * The handler for an MMX/SSE form ({@code index} in the 0F map's SIMD part) decoded in 32-bit code with 32-bit
     * addresses, its mandatory prefix {@code mandatory} (0, 0x66, 0xF2, 0xF3) and at most a segment override
     * besides: all but those that read an immediate byte (0F 70-73, C2, C4-C6) and EMMS (no ModRM).
     */
    static int chooseSimd(int index, int m, int mandatory) {
        int op2 = index & 0xFF;
        if ((op2 >= 0x70 && op2 <= 0x73) || op2 == 0xC2 || (op2 >= 0xC4 && op2 <= 0xC6) || op2 == 0x77) {
            return 0;
        }
        int handler = mandatory == 0 ? SIMD : mandatory == 0x66 ? SIMD_66 : mandatory == 0xF2 ? SIMD_F2 : SIMD_F3;
        return as(handler, index, m);
    }

    private static int as(int handler, int index, int modrm) {
        return handler == 0 ? 0 : handler | index << 8 | modrm << 17;
    }

    /** The same register-register ModRM with reg and r/m exchanged (the other encoding's). */
    private static int swap(int m) {
        return 0xC0 | (m & 7) << 3 | (m >> 3 & 7);
    }

    /**
     * The operands int of an entry's {@link DecodedCode#fast} slot, for a form with a handler: its ModRM, its
     * opcode's low four bits, its memory operand's base, index, scale and segment (a moffs form's segment: DS unless
     * overridden) from {@code form} (DecodedCode's packing), and, with a memory operand, where its immediate of
     * {@code immediateBytes} is: beside the displacement in the slot's value when {@code packed} (see
     * {@link #packs}), else read from the page (the slot's value being the displacement). 0 (no handler) for a
     * memory form with a word immediate that does not pack (none has a handler now).
     */
    static int operands(int index, int modrm, boolean memory, int form, int immediateBytes, boolean packed) {
        int segment = form >>> DecodedCode.SEGMENT_SHIFT & 7;
        if (index == 0xA1 || index == 0xA3) {
            int override = (form >>> DecodedCode.OVERRIDE_SHIFT & 7) - 1;
            segment = override >= 0 ? override : Cpu.DS;
        }
        int operands = modrm | (index & 15) << DecodedCode.F_OP_SHIFT | (index & 0xF0) << (DecodedCode.F_OP_HIGH_SHIFT - 4)
                | segment << DecodedCode.F_SEGMENT_SHIFT;
        if (!memory) {
            return operands | DecodedCode.NO_REGISTER << DecodedCode.F_BASE_SHIFT
                    | DecodedCode.NO_REGISTER << DecodedCode.F_INDEX_SHIFT;
        }
        int immediateCode = immediateBytes == 0 ? 0 : packed ? IMMEDIATE_PACKED : immediateBytes == 1 ? 1
                : immediateBytes == 4 ? 3 : -1;
        if (immediateCode < 0) {
            return 0;
        }
        return operands | DecodedCode.F_MEMORY | (form & 15) << DecodedCode.F_BASE_SHIFT
                | (form >> DecodedCode.INDEX_SHIFT & 15) << DecodedCode.F_INDEX_SHIFT
                | (form >> DecodedCode.SCALE_SHIFT & 3) << DecodedCode.F_SCALE_SHIFT
                | immediateCode << DecodedCode.F_CODE_IMMEDIATE_SHIFT;
    }

    /**
     * The immediate code of a memory form (bits {@link DecodedCode#F_CODE_IMMEDIATE_SHIFT}) whose displacement and
     * immediate are both in the slot's value: the displacement in the high half, the immediate in the low half.
     */
    private static final int IMMEDIATE_PACKED = 2;

    /**
     * Whether a memory operand's displacement and the immediate beside it both fit 16 bits signed, so the slot's
     * value holds both and the handler reads nothing from the page (CMP m,imm, MOV m,imm, TEST m,imm with a small
     * offset): reading it cost a call and a cache miss on code bytes the loop otherwise never touches
     * (codeImmediate: 1.2% of a warm node -e's samples in Chromium, half of them on that load).
     */
    static boolean packs(int displacement, int immediate) {
        return displacement == (short) displacement && immediate == (short) immediate;
    }

    /** The value int of an entry's fast slot (see {@link #operands}). */
    static int value(boolean memory, int displacement, int immediate, boolean packed) {
        return !memory ? immediate : packed ? displacement << 16 | (immediate & 0xFFFF) : displacement;
    }

    /**
     * The fused handler for handler {@code h} with a register operand and the immediate {@code immediate} (if any),
     * when a Jcc after it may fuse with it (a compare or test whose immediate fits a byte), else 0.
     */
    static int fusedWithJcc(int h, int immediate) {
        for (int k = 0; k < FUSABLE.length; k++) {
            if (FUSABLE[k] == h) {
                return immediate == (byte) immediate ? CMP_JCC + k : 0;
            }
        }
        return 0;
    }

    /**
     * The Jcc (70-7F rel8 or 0F 80-8F rel32) at physical {@code at} with {@code room} bytes of its page's window
     * left, as its condition | its length << 4 | its displacement << 16, or -1 when there is none there or its
     * displacement does not fit 16 bits.
     */
    static int jccAt(MemoryStorage ram, int at, int room) {
        int opcode = room >= 2 ? ram.read8(at) : 0;
        if (opcode >= 0x70 && opcode <= 0x7F) {
            return (opcode & 15) | 2 << 4 | (byte) ram.read8(at + 1) << 16;
        }
        if (opcode == 0x0F && room >= 6 && (ram.read8(at + 1) & 0xF0) == 0x80) {
            int displacement = ram.read32(at + 2);
            return displacement == (short) displacement ? (ram.read8(at + 1) & 15) | 6 << 4 | displacement << 16 : -1;
        }
        return -1;
    }

    /**
     * A fused entry's value: the Jcc's displacement in the high half, the compare's immediate byte in bits 8-15, its
     * length in bits 4-7 and the Jcc's condition in bits 0-3.
     */
    static int fusedValue(int jcc, int immediate, int compareLength) {
        return (jcc & 0xFFFF000F) | (immediate & 0xFF) << 8 | compareLength << 4;
    }

    /** Whether handler {@code h} saves the flags before it may fault ({@link Executor#protectFlagsOfMemoryOperand}). */
    private static boolean savesFlags(int h) {
        return h == INC_M || h == DEC_M || (h >= MR && h <= MR + 6) || (h >= MI && h <= MI + 6)
                || (h >= MR8 && h <= MR8 + 6) || (h >= MI8 && h <= MI8 + 6);
    }

    /** The immediate of {@code sizeCode} 1 (byte) or 3 (dword) ending at physical {@code end}, sign-extended. */
    private static int codeImmediate(Executor x, int end, int sizeCode) {
        return sizeCode == 1 ? (byte) x.ram.read8(end - 1) : x.ram.read32(end - 4);
    }

    /**
     * Runs the pre-decoded instructions from EIP on while each has a handler, as {@link Executor#runBlock}'s loop
     * would one by one, at most {@code budget} of them: returns how many ran (retired or faulted; 0 when the one at
     * EIP has no handler, or lies outside the fetch window in a page the TLB does not map: runBlock then runs it
     * itself). Stops after an instruction that ends the block, and after a jump when compiled code may start at its
     * target. One loop around one switch, so an instruction costs no call and the hot state stays in locals; a jump
     * to another page moves the fetch window here.
     *
     * <p>An entry with a handler was decoded in a 32-bit code segment (its tag says so) without prefixes or with a
     * segment override alone, so the decode state is the mode's defaults (the override is in the memory operand's
     * segment) and the address size 32; the handler gets its memory operand as
     * {@code seg:off} (handlers read neither the executor's decode state nor its ModRM), its opcode index as
     * {@code op}, its ModRM as {@code m}, its immediate (sign-extended) as {@code imm}; EIP already points past it.
     *
     * <p>A fault is undone and delivered here when {@code deliverFaults} (the instruction counts as run, as in
     * runBlock), else thrown to the caller, who delivers it.
     */
    static int run(Executor x, int budget, boolean deliverFaults) {
        int[] r = x.reg;
        Alu alu = x.alu;
        Cpu cpu = x.cpu;
        int[] c = x.fastEntries;
        int mask = x.decodedMask;
        int mode = x.decodedMode(); // no instruction with a handler changes it
        boolean compiled = x.jit != null;
        // Sampled look-ups (JitConfig.lookupSampling): after a branch the loop goes on to the target's slot and
        // returns for the run loop's look-up only if the slot is marked as a compiled entry, has no handler, or the
        // countdown of unmarked targets runs out; x.branched stays set until then.
        boolean sampled = compiled && x.lookupSampling > 1;
        boolean atTarget = false;
        int n = 0;
        // The instruction running and its handler, for a fault (see the catch).
        int e = 0;
        int h = 0;
        if (x.prefixStateSet) {
            x.resetPrefixState(); // the general path's; no handler sets it (nor changes the mode)
        }
        try {
            while (n < budget) {
                e = cpu.eip;
                int d = e - x.fetchEip;
                if (d < 0 || d >= x.fetchSpan) {
                    // A jump, call or return to another page (7% of a node -e's instructions): move the fetch
                    // window there when the TLB maps it (no walk, no fault) rather than leave it to runBlock's
                    // general path, which would move it and come back here through one more call.
                    if (x.windowPhysicalMoving(e) < 0) {
                        return n;
                    }
                    d = e - x.fetchEip;
                }
                int phys = x.fetchHost + d;
                int slot = (phys & mask) * DecodedCode.FAST_INTS; // by hand: TeaVM inlines nothing into a method
                int tag = c[slot];                                 // this large
                h = tag & DecodedCode.FAST_MASK;
                int length = tag >>> DecodedCode.FAST_LENGTH_SHIFT & 15;
                if ((tag & ~DecodedCode.FAST_TAG_LOW) != ((phys & ~mask) | mode) || d + length > x.fetchSpan
                        || h == 0) {
                    return n;
                }
                if (atTarget) {
                    if ((tag & DecodedCode.FAST_JIT_ENTRY) != 0 || --x.lookupCountdown <= 0) {
                        return n;
                    }
                    x.branched = false; // unmarked: not looked up (the run loop would only have counted it)
                    atTarget = false;
                }
                int operands = c[slot + 1];
                int imm = c[slot + 2];
                int seg = operands >>> DecodedCode.F_SEGMENT_SHIFT & 7;
                int off = 0;
                if ((operands & DecodedCode.F_MEMORY) != 0) {
                    int immediateCode = operands >>> DecodedCode.F_CODE_IMMEDIATE_SHIFT & 3;
                    off = imm; // the displacement; the immediate, if any, beside it or in the page
                    if (immediateCode == IMMEDIATE_PACKED) {
                        off = imm >> 16;
                        imm = (short) imm;
                    } else if (immediateCode != 0) {
                        imm = codeImmediate(x, phys + length, immediateCode);
                    }
                    int base = operands >>> DecodedCode.F_BASE_SHIFT & 15;
                    if (base < 8) {
                        off += r[base];
                    }
                    int index = operands >>> DecodedCode.F_INDEX_SHIFT & 15;
                    if (index < 8) {
                        off += r[index] << (operands >>> DecodedCode.F_SCALE_SHIFT & 3);
                    }
                }
                int op = operands >>> DecodedCode.F_OP_SHIFT & 15;
                int m = operands & 0xFF;
                cpu.eip = e + length; // past the immediate
                n++; // a faulting instruction counts, as in runBlock
                switch (h) {
                    case LOAD32: r[m >> 3 & 7] = x.read32(seg, off); break;
                    case STORE32: x.write32(seg, off, r[m >> 3 & 7]); break;
                    case MOV_RR: r[m & 7] = r[m >> 3 & 7]; break;
                    case LEA: r[m >> 3 & 7] = off; break;
                    case STORE8: x.write8(seg, off, x.reg8(m >> 3 & 7)); break;
                    case MOV_R_IMM: r[op & 7] = imm; break;
                    case STORE32_IMM: x.write32(seg, off, imm); break;
                    case STORE8_IMM: x.write8(seg, off, imm); break;
                    case MOVZX8_MEM: r[m >> 3 & 7] = x.read8(seg, off); break;
                    case MOVZX8_REG: r[m >> 3 & 7] = x.reg8(m & 7); break;
                    case MOVZX16_MEM: r[m >> 3 & 7] = x.read16(seg, off); break;
                    case PUSH_R: x.push32(r[op & 7]); break;
                    case POP_R: {
                        int v = x.pop32();
                        r[op & 7] = v;
                        break;
                    }
                    case PUSH_IMM: x.push32(imm); break;
                    case PUSH_MEM: x.push32(x.read32(seg, off)); break;
                    case CALL_REL: x.callNear(x.cpu.eip + imm); break;
                    case CALL_RM: x.callNear(m >= 0xC0 ? r[m & 7] : x.read32(seg, off)); break;
                    case RET:
                        x.startEsp = r[Cpu.ESP]; // it moves ESP before it may fault (the target beyond CS's limit)
                        x.returnNear(0);
                        break;
                    case RET_IMM:
                        x.startEsp = r[Cpu.ESP];
                        x.returnNear(imm & 0xFFFF);
                        break;
                    case JMP_RM: x.jumpNear(m >= 0xC0 ? r[m & 7] : x.read32(seg, off)); break;
                    case LEAVE: x.leave(); break;
                    case CMP_JCC: case CMP_JCC + 1: case CMP_JCC + 2: case CMP_JCC + 3:
                    case CMP_JCC + 4: case CMP_JCC + 5: case CMP_JCC + 6: case CMP_JCC + 7: {
                        int k = h - CMP_JCC; // bit 0 TEST, bit 1 an immediate, bit 2 bytes (FUSABLE's order)
                        boolean bytes = (k & 4) != 0;
                        int a = bytes ? x.reg8(m & 7) : r[m & 7];
                        int b = (k & 2) != 0 ? (byte) (imm >> 8) : bytes ? x.reg8(m >> 3 & 7) : r[m >> 3 & 7];
                        if ((k & 1) == 0) {
                            alu.sub(a, b, bytes ? 0xFF : -1);
                        } else {
                            alu.and(a, b, bytes ? 0xFF : -1);
                        }
                        int jcc = e + (imm >> 4 & 15);
                        if (n >= budget) { // no room for the Jcc: it runs on its own next time
                            cpu.eip = jcc;
                            break;
                        }
                        n++;
                        e = jcc; // from here a fault is the Jcc's
                        if (alu.condition(imm & 15)) {
                            int target = cpu.eip + (imm >> 16);
                            if (Integer.compareUnsigned(target, x.segLimit[Cpu.CS]) > 0) {
                                throw Executor.gp0();
                            }
                            cpu.eip = target;
                            x.branched = true;
                        }
                        break;
                    }
                    case JCC: // 12.5% of the instructions
                        if (!alu.condition(op & 15)) {
                            break;
                        }
                        // fall through: taken, as JMP_REL
                    case JMP_REL: // Executor.jumpNear by hand (32-bit operands here): a call fewer per jump
                        if (Integer.compareUnsigned(e + length + imm, x.segLimit[Cpu.CS]) > 0) {
                            throw Executor.gp0();
                        }
                        cpu.eip = e + length + imm;
                        x.branched = true;
                        break;
                    case SHIFT_RI: {
                        int count = imm & 0x1F;
                        if (count != 0) {
                            r[m & 7] = alu.shift(m >> 3 & 7, r[m & 7], count, 32);
                        }
                        break;
                    }
                    case SETCC_REG: x.setReg8(m & 7, alu.condition(op & 15) ? 1 : 0); break;
                    case CMOVCC: {
                        int v = m >= 0xC0 ? r[m & 7] : x.read32(seg, off); // a memory operand is read either way
                        if (alu.condition(op & 15)) {
                            r[m >> 3 & 7] = v;
                        }
                        break;
                    }
                    case SHIFT_R1: r[m & 7] = alu.shift(m >> 3 & 7, r[m & 7], 1, 32); break;
                    case SHIFT_RCL: {
                        int count = r[Cpu.ECX] & 0x1F;
                        if (count != 0) {
                            r[m & 7] = alu.shift(m >> 3 & 7, r[m & 7], count, 32);
                        }
                        break;
                    }
                    case IMUL_R_RM_IMM:
                        r[m >> 3 & 7] = x.arith.imul(m >= 0xC0 ? r[m & 7] : x.read32(seg, off), imm);
                        break;
                    case STORE16: x.write16(seg, off, r[m >> 3 & 7]); break;
                    case MOVSX8_16_MEM: x.setReg16(m >> 3 & 7, (byte) x.read8(seg, off)); break;
                    case SIMD: case SIMD_66: case SIMD_F2: case SIMD_F3:
                        x.simd(op | (operands >>> DecodedCode.F_OP_HIGH_SHIFT) << 4, SIMD_PREFIXES[h - SIMD], m, seg,
                                off);
                        break;
                    case ALU16_RI: { // the immediate sign-extended (the ALU masks it), as on the general path
                        int v = alu.arith(m >> 3 & 7, r[m & 7] & 0xFFFF, imm, 0xFFFF);
                        if ((m >> 3 & 7) != 7) {
                            x.setReg16(m & 7, v);
                        }
                        break;
                    }
                    case RR + 0: r[m & 7] = alu.add(r[m & 7], r[m >> 3 & 7], -1); break; // ADD
                    case RR + 1: r[m & 7] = alu.or(r[m & 7], r[m >> 3 & 7], -1); break; // OR
                    case RR + 4: r[m & 7] = alu.and(r[m & 7], r[m >> 3 & 7], -1); break; // AND
                    case RR + 5: r[m & 7] = alu.sub(r[m & 7], r[m >> 3 & 7], -1); break; // SUB
                    case RR + 6: r[m & 7] = alu.xor(r[m & 7], r[m >> 3 & 7], -1); break; // XOR
                    case RR + 7: alu.sub(r[m & 7], r[m >> 3 & 7], -1); break; // CMP
                    case RR + 8: alu.and(r[m & 7], r[m >> 3 & 7], -1); break; // TEST
                    case RI + 0: r[m & 7] = alu.add(r[m & 7], imm, -1); break; // ADD
                    case RI + 4: r[m & 7] = alu.and(r[m & 7], imm, -1); break; // AND
                    case RI + 5: r[m & 7] = alu.sub(r[m & 7], imm, -1); break; // SUB
                    case RI + 7: alu.sub(r[m & 7], imm, -1); break; // CMP
                    case RI + 8: alu.and(r[m & 7], imm, -1); break; // TEST
                    case RM + 0: r[m >> 3 & 7] = alu.add(r[m >> 3 & 7], x.read32(seg, off), -1); break; // ADD
                    case RM + 5: r[m >> 3 & 7] = alu.sub(r[m >> 3 & 7], x.read32(seg, off), -1); break; // SUB
                    case RM + 7: alu.sub(r[m >> 3 & 7], x.read32(seg, off), -1); break; // CMP
                    case MR + 7: alu.sub(x.read32(seg, off), r[m >> 3 & 7], -1); break; // CMP
                    case MI + 0: // ADD
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.add(x.read32(seg, off), imm, -1));
                        break;
                    case MI + 7: alu.sub(x.read32(seg, off), imm, -1); break; // CMP
                    case RR8 + 8: alu.and(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF); break; // TEST
                    case RI8 + 7: alu.sub(x.reg8(m & 7), imm, 0xFF); break; // CMP
                    case RI8 + 8: alu.and(x.reg8(m & 7), imm, 0xFF); break; // TEST
                    case MI8 + 7: alu.sub(x.read8(seg, off), imm, 0xFF); break; // CMP
                    case MI8 + 8: alu.and(x.read8(seg, off), imm, 0xFF); break; // TEST
                    case LOAD8: x.setReg8(m >> 3 & 7, x.read8(seg, off)); break;
                    case MOV_R8_IMM: x.setReg8(op & 7, imm); break;
                    case MOVZX16_REG: r[m >> 3 & 7] = r[m & 7] & 0xFFFF; break;
                    case MOVSX8_MEM: r[m >> 3 & 7] = (byte) x.read8(seg, off); break;
                    case MOVSX8_REG: r[m >> 3 & 7] = (byte) x.reg8(m & 7); break;
                    case MOVSX16_MEM: r[m >> 3 & 7] = (short) x.read16(seg, off); break;
                    case MOVSX16_REG: r[m >> 3 & 7] = (short) r[m & 7]; break;
                    case INC_R: r[op & 7] = alu.inc(r[op & 7], -1); break;
                    case DEC_R: r[op & 7] = alu.dec(r[op & 7], -1); break;
                    case SETCC_MEM: x.write8(seg, off, alu.condition(op & 15) ? 1 : 0); break;
                    case NOT_R: r[m & 7] = ~r[m & 7]; break;
                    case NEG_R: r[m & 7] = alu.sub(0, r[m & 7], -1); break;
                    case NOP: break;
                    case LOAD_EAX_MOFFS: // the moffs is the entry's immediate; DS unless overridden
                        r[Cpu.EAX] = x.read32(seg, imm);
                        break;
                    case STORE_MOFFS_EAX: x.write32(seg, imm, r[Cpu.EAX]); break;
                    case INC_M:
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.inc(x.read32(seg, off), -1));
                        break;
                    case DEC_M:
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.dec(x.read32(seg, off), -1));
                        break;
                    case MOVSX8_16_REG: x.setReg16(m >> 3 & 7, (byte) x.reg8(m & 7)); break;
                    case IMUL_R_RM:
                        r[m >> 3 & 7] = x.arith.imul(r[m >> 3 & 7], m >= 0xC0 ? r[m & 7] : x.read32(seg, off));
                        break;
                    case RR + 2: r[m & 7] = alu.adc(r[m & 7], r[m >> 3 & 7], -1); break; // ADC
                    case RR + 3: r[m & 7] = alu.sbb(r[m & 7], r[m >> 3 & 7], -1); break; // SBB
                    case RI + 1: r[m & 7] = alu.or(r[m & 7], imm, -1); break; // OR
                    case RI + 2: r[m & 7] = alu.adc(r[m & 7], imm, -1); break; // ADC
                    case RI + 3: r[m & 7] = alu.sbb(r[m & 7], imm, -1); break; // SBB
                    case RI + 6: r[m & 7] = alu.xor(r[m & 7], imm, -1); break; // XOR
                    case RM + 1: r[m >> 3 & 7] = alu.or(r[m >> 3 & 7], x.read32(seg, off), -1); break; // OR
                    case RM + 2: r[m >> 3 & 7] = alu.adc(r[m >> 3 & 7], x.read32(seg, off), -1); break; // ADC
                    case RM + 3: r[m >> 3 & 7] = alu.sbb(r[m >> 3 & 7], x.read32(seg, off), -1); break; // SBB
                    case RM + 4: r[m >> 3 & 7] = alu.and(r[m >> 3 & 7], x.read32(seg, off), -1); break; // AND
                    case RM + 6: r[m >> 3 & 7] = alu.xor(r[m >> 3 & 7], x.read32(seg, off), -1); break; // XOR
                    case RM + 8: alu.and(r[m >> 3 & 7], x.read32(seg, off), -1); break; // TEST
                    case MR + 0: // ADD
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.add(x.read32(seg, off), r[m >> 3 & 7], -1));
                        break;
                    case MR + 1: // OR
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.or(x.read32(seg, off), r[m >> 3 & 7], -1));
                        break;
                    case MR + 2: // ADC
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.adc(x.read32(seg, off), r[m >> 3 & 7], -1));
                        break;
                    case MR + 3: // SBB
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.sbb(x.read32(seg, off), r[m >> 3 & 7], -1));
                        break;
                    case MR + 4: // AND
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.and(x.read32(seg, off), r[m >> 3 & 7], -1));
                        break;
                    case MR + 5: // SUB
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.sub(x.read32(seg, off), r[m >> 3 & 7], -1));
                        break;
                    case MR + 6: // XOR
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.xor(x.read32(seg, off), r[m >> 3 & 7], -1));
                        break;
                    case MR + 8: alu.and(x.read32(seg, off), r[m >> 3 & 7], -1); break; // TEST
                    case MI + 1: // OR
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.or(x.read32(seg, off), imm, -1));
                        break;
                    case MI + 2: // ADC
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.adc(x.read32(seg, off), imm, -1));
                        break;
                    case MI + 3: // SBB
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.sbb(x.read32(seg, off), imm, -1));
                        break;
                    case MI + 4: // AND
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.and(x.read32(seg, off), imm, -1));
                        break;
                    case MI + 5: // SUB
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.sub(x.read32(seg, off), imm, -1));
                        break;
                    case MI + 6: // XOR
                        x.protectFlagsOfMemoryOperand();
                        x.write32(seg, off, alu.xor(x.read32(seg, off), imm, -1));
                        break;
                    case MI + 8: alu.and(x.read32(seg, off), imm, -1); break; // TEST
                    case RR8 + 0: x.setReg8(m & 7, alu.add(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF)); break; // ADD
                    case RR8 + 1: x.setReg8(m & 7, alu.or(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF)); break; // OR
                    case RR8 + 2: x.setReg8(m & 7, alu.adc(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF)); break; // ADC
                    case RR8 + 3: x.setReg8(m & 7, alu.sbb(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF)); break; // SBB
                    case RR8 + 4: x.setReg8(m & 7, alu.and(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF)); break; // AND
                    case RR8 + 5: x.setReg8(m & 7, alu.sub(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF)); break; // SUB
                    case RR8 + 6: x.setReg8(m & 7, alu.xor(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF)); break; // XOR
                    case RR8 + 7: alu.sub(x.reg8(m & 7), x.reg8(m >> 3 & 7), 0xFF); break; // CMP
                    case RI8 + 0: x.setReg8(m & 7, alu.add(x.reg8(m & 7), imm, 0xFF)); break; // ADD
                    case RI8 + 1: x.setReg8(m & 7, alu.or(x.reg8(m & 7), imm, 0xFF)); break; // OR
                    case RI8 + 2: x.setReg8(m & 7, alu.adc(x.reg8(m & 7), imm, 0xFF)); break; // ADC
                    case RI8 + 3: x.setReg8(m & 7, alu.sbb(x.reg8(m & 7), imm, 0xFF)); break; // SBB
                    case RI8 + 4: x.setReg8(m & 7, alu.and(x.reg8(m & 7), imm, 0xFF)); break; // AND
                    case RI8 + 5: x.setReg8(m & 7, alu.sub(x.reg8(m & 7), imm, 0xFF)); break; // SUB
                    case RI8 + 6: x.setReg8(m & 7, alu.xor(x.reg8(m & 7), imm, 0xFF)); break; // XOR
                    case RM8 + 0: // ADD
                        x.setReg8(m >> 3 & 7, alu.add(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF));
                        break;
                    case RM8 + 1: // OR
                        x.setReg8(m >> 3 & 7, alu.or(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF));
                        break;
                    case RM8 + 2: // ADC
                        x.setReg8(m >> 3 & 7, alu.adc(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF));
                        break;
                    case RM8 + 3: // SBB
                        x.setReg8(m >> 3 & 7, alu.sbb(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF));
                        break;
                    case RM8 + 4: // AND
                        x.setReg8(m >> 3 & 7, alu.and(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF));
                        break;
                    case RM8 + 5: // SUB
                        x.setReg8(m >> 3 & 7, alu.sub(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF));
                        break;
                    case RM8 + 6: // XOR
                        x.setReg8(m >> 3 & 7, alu.xor(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF));
                        break;
                    case RM8 + 7: alu.sub(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF); break; // CMP
                    case RM8 + 8: alu.and(x.reg8(m >> 3 & 7), x.read8(seg, off), 0xFF); break; // TEST
                    case MR8 + 0: // ADD
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.add(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF));
                        break;
                    case MR8 + 1: // OR
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.or(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF));
                        break;
                    case MR8 + 2: // ADC
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.adc(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF));
                        break;
                    case MR8 + 3: // SBB
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.sbb(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF));
                        break;
                    case MR8 + 4: // AND
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.and(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF));
                        break;
                    case MR8 + 5: // SUB
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.sub(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF));
                        break;
                    case MR8 + 6: // XOR
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.xor(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF));
                        break;
                    case MR8 + 7: alu.sub(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF); break; // CMP
                    case MR8 + 8: alu.and(x.read8(seg, off), x.reg8(m >> 3 & 7), 0xFF); break; // TEST
                    case MI8 + 0: // ADD
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.add(x.read8(seg, off), imm, 0xFF));
                        break;
                    case MI8 + 1: // OR
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.or(x.read8(seg, off), imm, 0xFF));
                        break;
                    case MI8 + 2: // ADC
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.adc(x.read8(seg, off), imm, 0xFF));
                        break;
                    case MI8 + 3: // SBB
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.sbb(x.read8(seg, off), imm, 0xFF));
                        break;
                    case MI8 + 4: // AND
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.and(x.read8(seg, off), imm, 0xFF));
                        break;
                    case MI8 + 5: // SUB
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.sub(x.read8(seg, off), imm, 0xFF));
                        break;
                    case MI8 + 6: // XOR
                        x.protectFlagsOfMemoryOperand();
                        x.write8(seg, off, alu.xor(x.read8(seg, off), imm, 0xFF));
                        break;
                    default:
                        throw new IllegalStateException("no fast handler " + h);
                }
                if (x.endBlock) {
                    return n;
                }
                if (compiled && x.branched) {
                    if (!sampled) {
                        return n;
                    }
                    atTarget = true;
                }
            }
        } catch (CpuFault f) {
            // What runBlock stores before each instruction for the fault's roll-back, stored here for the faulting
            // one only (three stores and a register load fewer per instruction): its EIP; ESP, which only RET
            // moves before it may fault (it stores it itself); whether it saved the flags, which only
            // the read-modify-writes do, first thing (an earlier instruction's saved flags must not be restored).
            x.startEip = e;
            if (h != RET && h != RET_IMM) {
                x.startEsp = r[Cpu.ESP];
            }
            if (!savesFlags(h)) {
                x.flagsSaved = false;
            }
            if (!deliverFaults) {
                throw f;
            }
            x.faulted(f);
        }
        return n;
    }
}
