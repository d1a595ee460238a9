package org.nodeoslab.emulator.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nodeoslab.emulator.cpu.InstructionForm;
import org.nodeoslab.emulator.cpu.InstructionTable;

/**
 * Which forms the suite tests and how: each form of the table is either generated (dedicated generator first,
 * then the generic one) or named here as not testable against a user-mode host process, with the reason. A
 * form that is neither fails the suite, so a form added to the table cannot go untested silently.
 */
final class FormCatalog {
    private FormCatalog() {
    }

    /** The forms to test: every form of the executor's instruction-form table. */
    static List<FormSpec> forms() {
        List<FormSpec> forms = new ArrayList<>();
        for (InstructionForm f : InstructionTable.forms()) {
            forms.add(FormSpec.of(f));
        }
        forms.addAll(FpuForms.forms()); // the x87 and SIMD forms are cpu.fpu's, listed by its generators
        forms.addAll(SimdForms.forms());
        return forms;
    }

    static List<TestCase> cases(FormSpec form) {
        Random rnd = new Random(form.key().hashCode() * 0x9E3779B97F4A7C15L);
        List<TestCase> fpu = FpuForms.cases(form, rnd);
        if (fpu == null) {
            fpu = SimdForms.cases(form, rnd);
        }
        if (fpu != null) {
            return fpu;
        }
        List<TestCase> cases = SpecialGenerators.generate(form, rnd);
        return cases != null ? cases : GenericGenerator.generate(form, rnd);
    }

    /**
     * Why a form cannot be compared with a Linux user process on the host, or null if it can. These forms are
     * covered by the system-level tests in the emulator (owned by cpu-system) instead. Privileged and
     * IOPL-sensitive instructions are compared: both sides run them at CPL 3 with IOPL 0, so both raise #GP.
     */
    static String notHostTestable(FormSpec f) {
        int op = f.opcode();
        switch (op) {
            case 0x0F02: case 0x0F03:
                return "LAR/LSL report descriptor bits of the host kernel's GDT, which the emulator does not copy";
            case 0x9A: case 0xEA: case 0xCA: case 0xCB: case 0xCF:
                return "far transfer / IRET: needs descriptor tables the host process does not control";
            case 0xFF:
                if (f.regField() == 3 || f.regField() == 5) {
                    return "far transfer: needs descriptor tables the host process does not control";
                }
                return null;
            case 0x0F00:
                if (f.regField() == 2 || f.regField() == 3) {
                    return null; // LLDT, LTR: #GP at CPL 3 on both
                }
                return "reads the LDTR/TR or checks selectors: host values are Linux's (and UMIP-emulated)";
            case 0x0F01:
                if (f.regField() == 0 || f.regField() == 1 || f.regField() == 4) {
                    return "SGDT/SIDT/SMSW at CPL 3: Linux emulates them under UMIP with its own values";
                }
                return null; // LGDT, LIDT, LMSW, INVLPG: #GP at CPL 3 on both
            case 0x0F33:
                return "RDPMC: whether CPL 3 may use it is the host kernel's choice (CR4.PCE)";
            case 0x0F34:
                return "SYSENTER: the host kernel's system call entry";
            case 0x0FA2:
                return "CPUID reports the emulated i686 by design, not the host CPU";
            case 0x0F31:
                return "RDTSC: time-dependent";
            case 0x0FC7:
                return f.regField() == 6 ? "RDRAND: random by design (ours is a deterministic generator)" : null;
            case 0xF1:
                return "INT1 (ICEBP): on a virtualized host the hypervisor reports it (here as a fault, EIP at F1)";
            case 0x9B:
                return "FWAIT belongs to the x87 suite (cpu.fpu)";
            default:
                return null;
        }
    }
}
