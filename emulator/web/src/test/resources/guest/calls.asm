; Many small hot regions: an endless loop calling 16 functions in turn (each function and each return point is a
; region of its own), summing into EAX and a counter in memory. BrowserJitTest runs it for a fixed number of
; instructions with compiled code and without, and compares the registers.
; Loaded at 0x10000 and entered in flat 32-bit protected mode.

bits 32
org 0x10000

        xor eax, eax
        xor ebx, ebx
top:
%assign i 0
%rep 16
        call f %+ i
%assign i i+1
%endrep
        inc dword [counter]
        add ebx, eax
        jmp top

%assign i 0
%rep 16
align 32
f %+ i:
        add eax, i * 7 + 1
        rol eax, (i % 5) + 1
        ret
%assign i i+1
%endrep

align 16
counter: dd 0
