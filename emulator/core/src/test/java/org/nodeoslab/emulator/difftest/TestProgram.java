package org.nodeoslab.emulator.difftest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A batch of test cases assembled by nasm into one static 32-bit ELF image (no libc, no linker): a driver that
 * reads every case's inputs from stdin, runs each case natively and writes every outcome to stdout, followed by
 * the code of the cases. The emulator runs the very same bytes, loaded at the same address.
 */
final class TestProgram {
    final List<TestCase> cases;
    final byte[] image;
    /** Per case: address of its first instruction and of the instruction under test. */
    final int[] start;
    final int[] underTest;

    private TestProgram(List<TestCase> cases, byte[] image, int[] start, int[] underTest) {
        this.cases = cases;
        this.image = image;
        this.start = start;
        this.underTest = underTest;
    }

    static TestProgram assemble(List<TestCase> cases, Path workDir, String name) {
        try {
            Files.createDirectories(workDir);
            Path source = workDir.resolve(name + ".asm");
            Path binary = workDir.resolve(name);
            Files.writeString(source, source(cases));
            Process nasm = new ProcessBuilder("nasm", "-f", "bin", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
            String log = new String(nasm.getInputStream().readAllBytes());
            if (!nasm.waitFor(120, TimeUnit.SECONDS) || nasm.exitValue() != 0) {
                throw new IllegalStateException("nasm failed on " + source + ":\n" + log);
            }
            binary.toFile().setExecutable(true);
            byte[] image = Files.readAllBytes(binary);
            int table = readInt(image, Layout.ORG + 0x54 + 8);
            int[] start = new int[cases.size()];
            int[] underTest = new int[cases.size()];
            for (int i = 0; i < cases.size(); i++) {
                start[i] = readInt(image, table + 8 * i);
                underTest[i] = readInt(image, table + 8 * i + 4);
            }
            return new TestProgram(cases, image, start, underTest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble " + name + " with nasm (is nasm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int readInt(byte[] image, int address) {
        return readIntAt(image, address - Layout.ORG);
    }

    static int readIntAt(byte[] image, int o) {
        return (image[o] & 0xFF) | (image[o + 1] & 0xFF) << 8 | (image[o + 2] & 0xFF) << 16 | image[o + 3] << 24;
    }

    private static String source(List<TestCase> cases) {
        StringBuilder s = new StringBuilder(64 * cases.size() + 8192);
        s.append("%define NCASES ").append(cases.size()).append('\n');
        s.append("%define W 0x").append(Integer.toHexString(Layout.W)).append('\n');
        s.append(DRIVER);
        for (int i = 0; i < cases.size(); i++) {
            s.append("c").append(i).append(":\n");
            for (String line : cases.get(i).asm) {
                s.append("  ").append(line).append('\n');
            }
        }
        s.append("case_table:\n");
        for (int i = 0; i < cases.size(); i++) {
            s.append("  dd c").append(i).append(", c").append(i).append(".u\n");
        }
        s.append(TAIL);
        return s.toString();
    }

    /*
     * The driver. Inputs are loaded with MOV (which leaves flags alone) after POPFD, then it jumps to the case;
     * the case jumps to exit0/exit1, which store the registers before anything else and EFLAGS from a private
     * stack, so the window (which holds the case's stack) sees only what the case itself did; then the segment
     * selectors, and the host's are put back (a case may load others, even null ones). Faults arrive as
     * signals on an alternate stack (so the signal frame does not touch the window); the handler records the
     * hardware trap number, error code, EIP and registers from the ucontext and goes on with the next case.
     */
    private static final String DRIVER = """
            bits 32
            %define INREC (8*4 + 4 + 192)
            %define OUTREC (8*4 + 5*4 + 12 + 192)
            org 0x100000
            ehdr:
              db 0x7F, "ELF", 1, 1, 1, 0
              times 8 db 0
              dw 2, 3
              dd 1, _start, phdr - $$, 0, 0
              dw 52, 32, 1, 0, 0, 0
            phdr:
              dd 1, 0, $$, $$, file_end - $$, BSS_END - $$, 7, 0x1000
            header:
              db "DIFF"
              dd NCASES, case_table, exit0, exit1
            align 4096, db 0
            window:
              times 4096 db 0
            exit0:
              mov dword [ss:o_exit], 0
              jmp near capture
            align 16, db 0x90
            exit1:
              mov dword [ss:o_exit], 1
              jmp near capture
            capture:                  ; through SS: DS and ES may hold a null selector the case loaded
              mov [ss:o_regs], eax
              mov [ss:o_regs + 4], ecx
              mov [ss:o_regs + 8], edx
              mov [ss:o_regs + 12], ebx
              mov [ss:o_regs + 16], esp
              mov [ss:o_regs + 20], ebp
              mov [ss:o_regs + 24], esi
              mov [ss:o_regs + 28], edi
              mov [ss:o_sel], es
              mov [ss:o_sel + 2], cs
              mov [ss:o_sel + 4], ss
              mov [ss:o_sel + 6], ds
              mov [ss:o_sel + 8], fs
              mov [ss:o_sel + 10], gs
              mov esp, PRIV_TOP
              pushfd
              pop dword [ss:o_flags]
              call restore_selectors
              cld
              mov dword [o_trap], -1
              mov dword [o_err], 0
              mov dword [o_eip], 0
            store:
              mov eax, [idx]
              imul edi, eax, OUTREC
              add edi, OUTBUF
              mov esi, o_regs
              mov ecx, 16
              rep movsd
              mov esi, W
              mov ecx, 48
              rep movsd
              inc dword [idx]
            next:
              mov eax, [idx]
              cmp eax, NCASES
              jae done
              mov ecx, [case_table + eax * 8]
              mov [cur_case], ecx
              imul esi, eax, INREC
              add esi, INBUF
              mov [cur_in], esi
              add esi, 36
              mov edi, W
              mov ecx, 48
              cld
              rep movsd
              mov esp, PRIV_TOP
              mov eax, [cur_in]
              push dword [eax + 32]
              mov ecx, [eax + 4]
              mov edx, [eax + 8]
              mov ebx, [eax + 12]
              mov ebp, [eax + 20]
              mov esi, [eax + 24]
              mov edi, [eax + 28]
              popfd
              mov esp, [eax + 16]
              mov eax, [eax]
              jmp [cur_case]

            restore_selectors:        ; the host's selectors, as saved at start
              mov es, [ss:host_sel]
              mov ds, [ss:host_sel + 6]
              mov fs, [ss:host_sel + 8]
              mov gs, [ss:host_sel + 10]
              ret
            _start:
              mov [host_sel], es
              mov [host_sel + 2], cs
              mov [host_sel + 4], ss
              mov [host_sel + 6], ds
              mov [host_sel + 8], fs
              mov [host_sel + 10], gs
              mov eax, 186            ; sigaltstack
              mov ebx, altstack_desc
              xor ecx, ecx
              int 0x80
              test eax, eax
              jnz fail
              mov ebx, 8              ; SIGFPE: #DE
              call install
              mov ebx, 11             ; SIGSEGV: #GP, #OF, #BR, #PF
              call install
              mov ebx, 4              ; SIGILL: #UD
              call install
              mov ebx, 5              ; SIGTRAP: #BP, #DB
              call install
              mov ebx, 7              ; SIGBUS: #AC, #SS
              call install
              xor esi, esi
            .read:
              cmp esi, NCASES * INREC
              jae .read_done
              mov eax, 3
              xor ebx, ebx
              lea ecx, [INBUF + esi]
              mov edx, NCASES * INREC
              sub edx, esi
              int 0x80
              test eax, eax
              jle fail
              add esi, eax
              jmp .read
            .read_done:
              mov dword [idx], 0
              jmp next
            done:
              xor esi, esi
            .write:
              cmp esi, NCASES * OUTREC
              jae .write_done
              mov eax, 4
              mov ebx, 1
              lea ecx, [OUTBUF + esi]
              mov edx, NCASES * OUTREC
              sub edx, esi
              int 0x80
              test eax, eax
              jle fail
              add esi, eax
              jmp .write
            .write_done:
              mov eax, 1
              xor ebx, ebx
              int 0x80
            fail:
              mov eax, 1
              mov ebx, 2
              int 0x80
            install:                  ; rt_sigaction(ebx, &sigact, 0, 8)
              mov eax, 174
              mov ecx, sigact
              xor edx, edx
              mov esi, 8
              int 0x80
              test eax, eax
              jnz fail
              ret
            handler:                  ; (signo, siginfo *, ucontext *) on the alternate stack
              mov ebx, [esp + 12]
              add ebx, 20             ; uc_mcontext: gs fs es ds edi esi ebp esp ebx edx ecx eax trapno err eip cs eflags
              mov eax, [ebx + 11*4]
              mov [o_regs], eax
              mov eax, [ebx + 10*4]
              mov [o_regs + 4], eax
              mov eax, [ebx + 9*4]
              mov [o_regs + 8], eax
              mov eax, [ebx + 8*4]
              mov [o_regs + 12], eax
              mov eax, [ebx + 7*4]
              mov [o_regs + 16], eax
              mov eax, [ebx + 6*4]
              mov [o_regs + 20], eax
              mov eax, [ebx + 5*4]
              mov [o_regs + 24], eax
              mov eax, [ebx + 4*4]
              mov [o_regs + 28], eax
              mov eax, [ebx + 16*4]
              mov [o_flags], eax
              mov eax, [ebx + 12*4]
              mov [o_trap], eax
              mov eax, [ebx + 13*4]
              mov [o_err], eax
              mov eax, [ebx + 14*4]
              mov [o_eip], eax
              mov eax, [ebx + 2*4]
              mov [o_sel], ax
              mov eax, [ebx + 15*4]
              mov [o_sel + 2], ax
              mov eax, [ebx + 18*4]
              mov [o_sel + 4], ax
              mov eax, [ebx + 3*4]
              mov [o_sel + 6], ax
              mov eax, [ebx + 1*4]
              mov [o_sel + 8], ax
              mov eax, [ebx + 0*4]
              mov [o_sel + 10], ax
              mov dword [o_exit], -1
              mov esp, PRIV_TOP
              call restore_selectors
              cld
              jmp store
            align 4
            sigact:        dd handler, 0x48000004, 0, 0, 0   ; SA_SIGINFO | SA_ONSTACK | SA_NODEFER
            altstack_desc: dd ALTSTACK, 0, 65536
            o_regs:        times 8 dd 0
            o_flags:       dd 0
            o_exit:        dd 0
            o_trap:        dd 0
            o_err:         dd 0
            o_eip:         dd 0
            o_sel:         times 6 dw 0   ; ES CS SS DS FS GS
            host_sel:      times 6 dw 0
            idx:           dd 0
            cur_in:        dd 0
            cur_case:      dd 0
            align 16, db 0xCC
            cases:
            """;

    private static final String TAIL = """
            file_end:
            %define BSS (0x100000 + ((file_end - $$ + 4095) / 4096) * 4096)
            PRIV_STACK equ BSS
            PRIV_TOP   equ BSS + 4096
            ALTSTACK   equ BSS + 4096
            INBUF      equ BSS + 4096 + 65536
            OUTBUF     equ INBUF + ((NCASES * INREC + 4095) / 4096) * 4096
            BSS_END    equ OUTBUF + ((NCASES * OUTREC + 4095) / 4096) * 4096
            """;
}
