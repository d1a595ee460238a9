package org.nodeoslab.emulator.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The integer instruction forms of the i686 (Pentium Pro/II class): the single source of truth from which the
 * decoder takes which opcodes have a ModRM byte, which accept LOCK and which exist (the rest raise #UD), and which
 * the differential tests enumerate ({@link #forms()}).
 *
 * <p>Each line reads {@code OPCODE[/REG] MNEMONIC OPERANDS | DEFINED | UNDEFINED | ATTRIBUTES}: OPCODE is one hex
 * byte or 0F and a byte, optionally {@code +7} for eight consecutive opcodes naming a register in the low bits,
 * optionally prefixed by {@code F3:}; {@code /r} means a ModRM byte whose reg field is an operand and {@code /0}..
 * {@code /7} a group member; flags are letters of OSZAPC; attributes are L (LOCK allowed), R (ModRM always
 * register), M (memory operand only), P (#UD in real and virtual-8086 mode). The x87 escapes D8-DF and the SIMD
 * part of the 0F map belong to {@code cpu.fpu} and are listed by it.
 */
public final class InstructionTable {
    private static final String[] SPEC = {
        // ---- one-byte map -------------------------------------------------------------------------------
        "00/r ADD Eb,Gb |OSZAPC||L", "01/r ADD Ev,Gv |OSZAPC||L", "02/r ADD Gb,Eb |OSZAPC||", "03/r ADD Gv,Ev |OSZAPC||",
        "04 ADD AL,Ib |OSZAPC||", "05 ADD eAX,Iz |OSZAPC||", "06 PUSH ES |||", "07 POP ES |||",
        "08/r OR Eb,Gb |OSZPC|A|L", "09/r OR Ev,Gv |OSZPC|A|L", "0A/r OR Gb,Eb |OSZPC|A|", "0B/r OR Gv,Ev |OSZPC|A|",
        "0C OR AL,Ib |OSZPC|A|", "0D OR eAX,Iz |OSZPC|A|", "0E PUSH CS |||",
        "10/r ADC Eb,Gb |OSZAPC||L", "11/r ADC Ev,Gv |OSZAPC||L", "12/r ADC Gb,Eb |OSZAPC||", "13/r ADC Gv,Ev |OSZAPC||",
        "14 ADC AL,Ib |OSZAPC||", "15 ADC eAX,Iz |OSZAPC||", "16 PUSH SS |||", "17 POP SS |||",
        "18/r SBB Eb,Gb |OSZAPC||L", "19/r SBB Ev,Gv |OSZAPC||L", "1A/r SBB Gb,Eb |OSZAPC||", "1B/r SBB Gv,Ev |OSZAPC||",
        "1C SBB AL,Ib |OSZAPC||", "1D SBB eAX,Iz |OSZAPC||", "1E PUSH DS |||", "1F POP DS |||",
        "20/r AND Eb,Gb |OSZPC|A|L", "21/r AND Ev,Gv |OSZPC|A|L", "22/r AND Gb,Eb |OSZPC|A|", "23/r AND Gv,Ev |OSZPC|A|",
        "24 AND AL,Ib |OSZPC|A|", "25 AND eAX,Iz |OSZPC|A|", "27 DAA |SZAPC|O|",
        "28/r SUB Eb,Gb |OSZAPC||L", "29/r SUB Ev,Gv |OSZAPC||L", "2A/r SUB Gb,Eb |OSZAPC||", "2B/r SUB Gv,Ev |OSZAPC||",
        "2C SUB AL,Ib |OSZAPC||", "2D SUB eAX,Iz |OSZAPC||", "2F DAS |SZAPC|O|",
        "30/r XOR Eb,Gb |OSZPC|A|L", "31/r XOR Ev,Gv |OSZPC|A|L", "32/r XOR Gb,Eb |OSZPC|A|", "33/r XOR Gv,Ev |OSZPC|A|",
        "34 XOR AL,Ib |OSZPC|A|", "35 XOR eAX,Iz |OSZPC|A|", "37 AAA |AC|OSZP|",
        "38/r CMP Eb,Gb |OSZAPC||", "39/r CMP Ev,Gv |OSZAPC||", "3A/r CMP Gb,Eb |OSZAPC||", "3B/r CMP Gv,Ev |OSZAPC||",
        "3C CMP AL,Ib |OSZAPC||", "3D CMP eAX,Iz |OSZAPC||", "3F AAS |AC|OSZP|",
        "40+7 INC Zv |OSZAP||", "48+7 DEC Zv |OSZAP||", "50+7 PUSH Zv |||", "58+7 POP Zv |||",
        "60 PUSHA |||", "61 POPA |||", "62/r BOUND Gv,Ma |||M", "63/r ARPL Ew,Gw |Z||P",
        "68 PUSH Iz |||", "69/r IMUL Gv,Ev,Iz |OC|SZAP|", "6A PUSH Ib |||", "6B/r IMUL Gv,Ev,Ib |OC|SZAP|",
        "6C INSB Yb,DX |||", "6D INS Yz,DX |||", "6E OUTSB DX,Xb |||", "6F OUTS DX,Xz |||",
        "70 JO Jb |||", "71 JNO Jb |||", "72 JB Jb |||", "73 JAE Jb |||", "74 JE Jb |||", "75 JNE Jb |||",
        "76 JBE Jb |||", "77 JA Jb |||", "78 JS Jb |||", "79 JNS Jb |||", "7A JP Jb |||", "7B JNP Jb |||",
        "7C JL Jb |||", "7D JGE Jb |||", "7E JLE Jb |||", "7F JG Jb |||",
        "80/0 ADD Eb,Ib |OSZAPC||L", "80/1 OR Eb,Ib |OSZPC|A|L", "80/2 ADC Eb,Ib |OSZAPC||L",
        "80/3 SBB Eb,Ib |OSZAPC||L", "80/4 AND Eb,Ib |OSZPC|A|L", "80/5 SUB Eb,Ib |OSZAPC||L",
        "80/6 XOR Eb,Ib |OSZPC|A|L", "80/7 CMP Eb,Ib |OSZAPC||",
        "81/0 ADD Ev,Iz |OSZAPC||L", "81/1 OR Ev,Iz |OSZPC|A|L", "81/2 ADC Ev,Iz |OSZAPC||L",
        "81/3 SBB Ev,Iz |OSZAPC||L", "81/4 AND Ev,Iz |OSZPC|A|L", "81/5 SUB Ev,Iz |OSZAPC||L",
        "81/6 XOR Ev,Iz |OSZPC|A|L", "81/7 CMP Ev,Iz |OSZAPC||",
        "82/0 ADD Eb,Ib |OSZAPC||L", "82/1 OR Eb,Ib |OSZPC|A|L", "82/2 ADC Eb,Ib |OSZAPC||L",
        "82/3 SBB Eb,Ib |OSZAPC||L", "82/4 AND Eb,Ib |OSZPC|A|L", "82/5 SUB Eb,Ib |OSZAPC||L",
        "82/6 XOR Eb,Ib |OSZPC|A|L", "82/7 CMP Eb,Ib |OSZAPC||",
        "83/0 ADD Ev,Ib |OSZAPC||L", "83/1 OR Ev,Ib |OSZPC|A|L", "83/2 ADC Ev,Ib |OSZAPC||L",
        "83/3 SBB Ev,Ib |OSZAPC||L", "83/4 AND Ev,Ib |OSZPC|A|L", "83/5 SUB Ev,Ib |OSZAPC||L",
        "83/6 XOR Ev,Ib |OSZPC|A|L", "83/7 CMP Ev,Ib |OSZAPC||",
        "84/r TEST Eb,Gb |OSZPC|A|", "85/r TEST Ev,Gv |OSZPC|A|", "86/r XCHG Eb,Gb |||L", "87/r XCHG Ev,Gv |||L",
        "88/r MOV Eb,Gb |||", "89/r MOV Ev,Gv |||", "8A/r MOV Gb,Eb |||", "8B/r MOV Gv,Ev |||",
        "8C/r MOV Ev,Sw |||", "8D/r LEA Gv,M |||M", "8E/r MOV Sw,Ew |||", "8F/0 POP Ev |||",
        "90 NOP |||", "F3:90 PAUSE |||", "91+6 XCHG Zv,eAX |||", "98 CBW/CWDE |||", "99 CWD/CDQ |||",
        "9A CALLF Ap |||", "9B FWAIT |||", "9C PUSHF |||", "9D POPF |OSZAPC||", "9E SAHF |SZAPC||", "9F LAHF |||",
        "A0 MOV AL,Ob |||", "A1 MOV eAX,Ov |||", "A2 MOV Ob,AL |||", "A3 MOV Ov,eAX |||",
        "A4 MOVSB Yb,Xb |||", "A5 MOVS Yv,Xv |||", "A6 CMPSB Xb,Yb |OSZAPC||", "A7 CMPS Xv,Yv |OSZAPC||",
        "A8 TEST AL,Ib |OSZPC|A|", "A9 TEST eAX,Iz |OSZPC|A|", "AA STOSB Yb,AL |||", "AB STOS Yv,eAX |||",
        "AC LODSB AL,Xb |||", "AD LODS eAX,Xv |||", "AE SCASB AL,Yb |OSZAPC||", "AF SCAS eAX,Yv |OSZAPC||",
        "B0+7 MOV Zb,Ib |||", "B8+7 MOV Zv,Iv |||",
        "C0/0 ROL Eb,Ib |OC||", "C0/1 ROR Eb,Ib |OC||", "C0/2 RCL Eb,Ib |OC||", "C0/3 RCR Eb,Ib |OC||",
        "C0/4 SHL Eb,Ib |OSZPC|A|", "C0/5 SHR Eb,Ib |OSZPC|A|", "C0/6 SAL Eb,Ib |OSZPC|A|", "C0/7 SAR Eb,Ib |OSZPC|A|",
        "C1/0 ROL Ev,Ib |OC||", "C1/1 ROR Ev,Ib |OC||", "C1/2 RCL Ev,Ib |OC||", "C1/3 RCR Ev,Ib |OC||",
        "C1/4 SHL Ev,Ib |OSZPC|A|", "C1/5 SHR Ev,Ib |OSZPC|A|", "C1/6 SAL Ev,Ib |OSZPC|A|", "C1/7 SAR Ev,Ib |OSZPC|A|",
        "C2 RET Iw |||", "C3 RET |||", "C4/r LES Gv,Mp |||M", "C5/r LDS Gv,Mp |||M",
        "C6/0 MOV Eb,Ib |||", "C7/0 MOV Ev,Iz |||", "C8 ENTER Iw,Ib |||", "C9 LEAVE |||",
        "CA RETF Iw |||", "CB RETF |||", "CC INT3 |||", "CD INT Ib |||", "CE INTO |||", "CF IRET |OSZAPC||",
        "D0/0 ROL Eb,1 |OC||", "D0/1 ROR Eb,1 |OC||", "D0/2 RCL Eb,1 |OC||", "D0/3 RCR Eb,1 |OC||",
        "D0/4 SHL Eb,1 |OSZPC|A|", "D0/5 SHR Eb,1 |OSZPC|A|", "D0/6 SAL Eb,1 |OSZPC|A|", "D0/7 SAR Eb,1 |OSZPC|A|",
        "D1/0 ROL Ev,1 |OC||", "D1/1 ROR Ev,1 |OC||", "D1/2 RCL Ev,1 |OC||", "D1/3 RCR Ev,1 |OC||",
        "D1/4 SHL Ev,1 |OSZPC|A|", "D1/5 SHR Ev,1 |OSZPC|A|", "D1/6 SAL Ev,1 |OSZPC|A|", "D1/7 SAR Ev,1 |OSZPC|A|",
        "D2/0 ROL Eb,CL |C|O|", "D2/1 ROR Eb,CL |C|O|", "D2/2 RCL Eb,CL |C|O|", "D2/3 RCR Eb,CL |C|O|",
        "D2/4 SHL Eb,CL |SZPC|OA|", "D2/5 SHR Eb,CL |SZPC|OA|", "D2/6 SAL Eb,CL |SZPC|OA|", "D2/7 SAR Eb,CL |SZPC|OA|",
        "D3/0 ROL Ev,CL |C|O|", "D3/1 ROR Ev,CL |C|O|", "D3/2 RCL Ev,CL |C|O|", "D3/3 RCR Ev,CL |C|O|",
        "D3/4 SHL Ev,CL |SZPC|OA|", "D3/5 SHR Ev,CL |SZPC|OA|", "D3/6 SAL Ev,CL |SZPC|OA|", "D3/7 SAR Ev,CL |SZPC|OA|",
        "D4 AAM Ib |SZP|OAC|", "D5 AAD Ib |SZP|OAC|", "D6 SALC |||", "D7 XLAT |||",
        "E0 LOOPNE Jb |||", "E1 LOOPE Jb |||", "E2 LOOP Jb |||", "E3 JCXZ Jb |||",
        "E4 IN AL,Ib |||", "E5 IN eAX,Ib |||", "E6 OUT Ib,AL |||", "E7 OUT Ib,eAX |||",
        "E8 CALL Jz |||", "E9 JMP Jz |||", "EA JMPF Ap |||", "EB JMP Jb |||",
        "EC IN AL,DX |||", "ED IN eAX,DX |||", "EE OUT DX,AL |||", "EF OUT DX,eAX |||",
        "F1 INT1 |||", "F4 HLT |||", "F5 CMC |C||",
        "F6/0 TEST Eb,Ib |OSZPC|A|", "F6/1 TEST Eb,Ib |OSZPC|A|", "F6/2 NOT Eb |||L", "F6/3 NEG Eb |OSZAPC||L",
        "F6/4 MUL Eb |OC|SZAP|", "F6/5 IMUL Eb |OC|SZAP|", "F6/6 DIV Eb ||OSZAPC|", "F6/7 IDIV Eb ||OSZAPC|",
        "F7/0 TEST Ev,Iz |OSZPC|A|", "F7/1 TEST Ev,Iz |OSZPC|A|", "F7/2 NOT Ev |||L", "F7/3 NEG Ev |OSZAPC||L",
        "F7/4 MUL Ev |OC|SZAP|", "F7/5 IMUL Ev |OC|SZAP|", "F7/6 DIV Ev ||OSZAPC|", "F7/7 IDIV Ev ||OSZAPC|",
        "F8 CLC |C||", "F9 STC |C||", "FA CLI |||", "FB STI |||", "FC CLD |||", "FD STD |||",
        "FE/0 INC Eb |OSZAP||L", "FE/1 DEC Eb |OSZAP||L",
        "FF/0 INC Ev |OSZAP||L", "FF/1 DEC Ev |OSZAP||L", "FF/2 CALL Ev |||", "FF/3 CALLF Mp |||M",
        "FF/4 JMP Ev |||", "FF/5 JMPF Mp |||M", "FF/6 PUSH Ev |||",
        // ---- two-byte map (integer and system part) -----------------------------------------------------
        "0F00/0 SLDT Ew |||P", "0F00/1 STR Ew |||P", "0F00/2 LLDT Ew |||P", "0F00/3 LTR Ew |||P",
        "0F00/4 VERR Ew |Z||P", "0F00/5 VERW Ew |Z||P",
        "0F01/0 SGDT Ms |||M", "0F01/1 SIDT Ms |||M", "0F01/2 LGDT Ms |||M", "0F01/3 LIDT Ms |||M",
        "0F01/4 SMSW Ew |||", "0F01/6 LMSW Ew |||", "0F01/7 INVLPG M |||M",
        "0F02/r LAR Gv,Ew |Z||P", "0F03/r LSL Gv,Ew |Z||P", "0F06 CLTS |||", "0F08 INVD |||", "0F09 WBINVD |||",
        "0F0B UD2 |||", "0F19/r NOP Ev |||", "0F1A/r NOP Ev |||", "0F1B/r NOP Ev |||", "0F1C/r NOP Ev |||",
        "0F1D/r NOP Ev |||", "0F1E/r NOP Ev |||", "0F1F/r NOP Ev |||",
        "0F20/r MOV Rd,Cd |||R", "0F21/r MOV Rd,Dd |||R", "0F22/r MOV Cd,Rd |||R", "0F23/r MOV Dd,Rd |||R",
        "0F30 WRMSR |||", "0F31 RDTSC |||", "0F32 RDMSR |||", "0F33 RDPMC |||", "0F34 SYSENTER |||",
        "0F35 SYSEXIT |||",
        "0F40/r CMOVO Gv,Ev |||", "0F41/r CMOVNO Gv,Ev |||", "0F42/r CMOVB Gv,Ev |||", "0F43/r CMOVAE Gv,Ev |||",
        "0F44/r CMOVE Gv,Ev |||", "0F45/r CMOVNE Gv,Ev |||", "0F46/r CMOVBE Gv,Ev |||", "0F47/r CMOVA Gv,Ev |||",
        "0F48/r CMOVS Gv,Ev |||", "0F49/r CMOVNS Gv,Ev |||", "0F4A/r CMOVP Gv,Ev |||", "0F4B/r CMOVNP Gv,Ev |||",
        "0F4C/r CMOVL Gv,Ev |||", "0F4D/r CMOVGE Gv,Ev |||", "0F4E/r CMOVLE Gv,Ev |||", "0F4F/r CMOVG Gv,Ev |||",
        "0F80 JO Jz |||", "0F81 JNO Jz |||", "0F82 JB Jz |||", "0F83 JAE Jz |||", "0F84 JE Jz |||",
        "0F85 JNE Jz |||", "0F86 JBE Jz |||", "0F87 JA Jz |||", "0F88 JS Jz |||", "0F89 JNS Jz |||",
        "0F8A JP Jz |||", "0F8B JNP Jz |||", "0F8C JL Jz |||", "0F8D JGE Jz |||", "0F8E JLE Jz |||",
        "0F8F JG Jz |||",
        "0F90/r SETO Eb |||", "0F91/r SETNO Eb |||", "0F92/r SETB Eb |||", "0F93/r SETAE Eb |||",
        "0F94/r SETE Eb |||", "0F95/r SETNE Eb |||", "0F96/r SETBE Eb |||", "0F97/r SETA Eb |||",
        "0F98/r SETS Eb |||", "0F99/r SETNS Eb |||", "0F9A/r SETP Eb |||", "0F9B/r SETNP Eb |||",
        "0F9C/r SETL Eb |||", "0F9D/r SETGE Eb |||", "0F9E/r SETLE Eb |||", "0F9F/r SETG Eb |||",
        "0FA0 PUSH FS |||", "0FA1 POP FS |||", "0FA2 CPUID |||", "0FA3/r BT Ev,Gv |C|OSAP|",
        "0FA4/r SHLD Ev,Gv,Ib |SZPC|OA|", "0FA5/r SHLD Ev,Gv,CL |SZPC|OA|", "0FA8 PUSH GS |||", "0FA9 POP GS |||",
        "0FAB/r BTS Ev,Gv |C|OSAP|L", "0FAC/r SHRD Ev,Gv,Ib |SZPC|OA|", "0FAD/r SHRD Ev,Gv,CL |SZPC|OA|",
        "0FAF/r IMUL Gv,Ev |OC|SZAP|",
        "0FB0/r CMPXCHG Eb,Gb |OSZAPC||L", "0FB1/r CMPXCHG Ev,Gv |OSZAPC||L", "0FB2/r LSS Gv,Mp |||M",
        "0FB3/r BTR Ev,Gv |C|OSAP|L", "0FB4/r LFS Gv,Mp |||M", "0FB5/r LGS Gv,Mp |||M",
        "0FB6/r MOVZX Gv,Eb |||", "0FB7/r MOVZX Gv,Ew |||",
        "0FBA/4 BT Ev,Ib |C|OSAP|", "0FBA/5 BTS Ev,Ib |C|OSAP|L", "0FBA/6 BTR Ev,Ib |C|OSAP|L",
        "0FBA/7 BTC Ev,Ib |C|OSAP|L", "0FBB/r BTC Ev,Gv |C|OSAP|L",
        "0FBC/r BSF Gv,Ev |Z|OSAPC|", "0FBD/r BSR Gv,Ev |Z|OSAPC|", "0FBE/r MOVSX Gv,Eb |||", "0FBF/r MOVSX Gv,Ew |||",
        "0FC0/r XADD Eb,Gb |OSZAPC||L", "0FC1/r XADD Ev,Gv |OSZAPC||L", "0FC7/1 CMPXCHG8B Mq |Z||LM",
        "0FC7/6 RDRAND Rv |OSZAPC||",
        "0FC8+7 BSWAP Zd |||",
    };

    /** Bits in {@link #decodeInfo}: the opcode has a ModRM byte / its ModRM is always a register. */
    static final byte HAS_MODRM = 1, REGISTER_ONLY = 2;

    private static final List<InstructionForm> FORMS;
    /** Indexed by opcode (0x000-0x1FF, 0x100 | byte for the 0F map): ModRM bits. */
    static final byte[] decodeInfo = new byte[0x200];
    /** Bits in {@link #attributes}. */
    static final byte DEFINED = 1, LOCKABLE = 2, MEMORY_ONLY = 4, PROTECTED_ONLY = 8;
    /**
     * Indexed by opcode * 8 + ModRM reg (all 8 entries alike for opcodes that are not groups): DEFINED if the form
     * exists, plus LOCKABLE, MEMORY_ONLY and PROTECTED_ONLY as the table says.
     */
    static final byte[] attributes = new byte[0x200 * 8];
    /**
     * Indexed like {@link #attributes}: how many immediate bytes follow the ModRM/SIB/displacement with 32-bit
     * operand and address size (Ib/Jb 1, Iw 2, Iz/Jz/Iv/Ob/Ov 4, Iw,Ib 3, Ap 6), from the operands in the table;
     * the pre-decoder stores the immediates of the forms it specialises ({@link FastForms}).
     */
    static final byte[] immediateBytes32 = new byte[0x200 * 8];

    static {
        List<InstructionForm> forms = new ArrayList<>();
        for (String line : SPEC) {
            parse(line, forms);
        }
        FORMS = Collections.unmodifiableList(forms);
        for (InstructionForm f : FORMS) {
            int index = f.twoByte() ? 0x100 | (f.opcode & 0xFF) : f.opcode;
            if (f.modrm) {
                decodeInfo[index] |= HAS_MODRM;
            }
            if (f.registerOnly) {
                decodeInfo[index] |= REGISTER_ONLY;
            }
            for (int r = 0; r < 8; r++) {
                if (f.regField < 0 || f.regField == r) {
                    attributes[index * 8 + r] |= DEFINED | (f.lockable ? LOCKABLE : 0)
                            | (f.memoryOnly ? MEMORY_ONLY : 0) | (f.protectedModeOnly ? PROTECTED_ONLY : 0);
                    immediateBytes32[index * 8 + r] = (byte) immediateBytes32(f.operands);
                }
            }
        }
    }

    private InstructionTable() {
    }

    /** Every integer instruction form, in opcode order. */
    public static List<InstructionForm> forms() {
        return FORMS;
    }

    private static void parse(String line, List<InstructionForm> out) {
        String[] parts = split(line, '|');
        if (parts.length != 4) {
            throw new IllegalStateException("instruction table line needs 4 fields: " + line);
        }
        String[] head = split(parts[0].trim(), ' ');
        String op = head[0];
        int prefix = 0;
        if (op.startsWith("F3:")) {
            prefix = 0xF3;
            op = op.substring(3);
        }
        int regField = -1;
        boolean modrm = false;
        int slash = op.indexOf('/');
        if (slash >= 0) {
            modrm = true;
            String r = op.substring(slash + 1);
            regField = r.equals("r") ? -1 : Integer.parseInt(r);
            op = op.substring(0, slash);
        }
        int count = 1;
        int plus = op.indexOf('+');
        if (plus >= 0) {
            count = Integer.parseInt(op.substring(plus + 1)) + 1;
            op = op.substring(0, plus);
        }
        int opcode = op.length() == 4 ? 0x0F00 | Integer.parseInt(op.substring(2), 16) : Integer.parseInt(op, 16);
        String mnemonic = head[1];
        String[] operands = head.length > 2 ? split(head[2], ',') : new String[0];
        String attrs = parts[3].trim();
        for (int i = 0; i < count; i++) {
            out.add(new InstructionForm(opcode + i, regField, prefix, mnemonic, operands, modrm,
                    attrs.contains("R"), attrs.contains("M"), attrs.contains("L"), attrs.contains("P"),
                    flags(parts[1]), flags(parts[2])));
        }
    }

    /** The immediate bytes of operands in SDM notation, for 32-bit operand and address size. */
    private static int immediateBytes32(String[] operands) {
        int bytes = 0;
        for (String o : operands) {
            switch (o) {
                case "Ib": case "Jb": bytes += 1; break;
                case "Iw": bytes += 2; break;
                case "Iz": case "Iv": case "Jz": case "Ob": case "Ov": bytes += 4; break;
                case "Ap": bytes += 6; break;
                default: break;
            }
        }
        return bytes;
    }

    /** String.split without regular expressions (the browser build keeps java.util.regex out). */
    private static String[] split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == separator) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        return parts.toArray(new String[0]);
    }

    private static int flags(String letters) {
        int f = 0;
        for (char c : letters.trim().toCharArray()) {
            switch (c) {
                case 'O': f |= Cpu.FLAG_OF; break;
                case 'S': f |= Cpu.FLAG_SF; break;
                case 'Z': f |= Cpu.FLAG_ZF; break;
                case 'A': f |= Cpu.FLAG_AF; break;
                case 'P': f |= Cpu.FLAG_PF; break;
                case 'C': f |= Cpu.FLAG_CF; break;
                default: throw new IllegalStateException("unknown flag letter " + c);
            }
        }
        return f;
    }
}
