; The bench loop: an endless mix of ALU work and memory reads and writes over 16 KiB, 7 instructions an iteration.
; The test runs it for a fixed number of instructions on the JVM and in the browser and compares the rates.
; Loaded at 0x10000 and entered in flat 32-bit protected mode.

bits 32
org 0x10000

        xor eax, eax
        xor ebx, ebx
        xor ecx, ecx
loop:   mov edx, ecx
        and edx, 0xFFF
        add eax, [table + edx * 4]
        mov [table + edx * 4], eax
        xor ebx, eax
        inc ecx
        jmp loop

align 16
table:  times 4096 dd 0
