; A guest that triple-faults at once: with an empty IDT, INT3 raises #GP, the #GP raises #DF, and the #DF shuts the
; machine down. The terminal test checks that the page reports it with the CPU state, as nodeos-emu does.
; Loaded at 0x10000 and entered in flat 32-bit protected mode.

bits 32
org 0x10000

        lidt [empty_idt]
        int3

empty_idt:
        dw 0
        dd 0
