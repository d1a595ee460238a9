; The browser smoke test's guest: exercises the integer core the way compiled code does (loops, calls, string
; instructions, multiply/divide, I/O), leaves its result in EAX and prints it as "smoke XXXXXXXX\n" on the console
; port 0xE9, then halts. SmokeProgram.java computes the same result in Java: the test's expected value.
; Loaded at 0x10000 and entered in flat 32-bit protected mode with ESP = 0x80000.

bits 32
org 0x10000

LEN equ 4096
CONSOLE equ 0xE9

start:
        ; 1. Fill a buffer with the high bytes of a linear congruential sequence (IMUL, ADD, SHR, LOOP).
        mov edi, buffer
        mov ecx, LEN
        mov eax, 12345678
fill:   imul eax, eax, 1103515245
        add eax, 12345
        mov edx, eax
        shr edx, 16
        mov [edi], dl
        inc edi
        loop fill

        ; 2. Checksum it in a subroutine (CALL/RET, PUSH/POP, MOVZX, ROL, XOR).
        mov esi, buffer
        mov ecx, LEN
        call checksum
        mov ebx, eax

        ; 3. Copy with REP MOVSD, compare with REPE CMPSB, find a byte with REPNE SCASB, fill with REP STOSB.
        cld
        mov esi, buffer
        mov edi, copy
        mov ecx, LEN / 4
        rep movsd
        mov esi, buffer
        mov edi, copy
        mov ecx, LEN
        repe cmpsb
        jne fail                        ; the copy must equal the original
        mov edi, buffer
        mov ecx, LEN
        mov al, [buffer + 1000]
        repne scasb
        mov eax, LEN
        sub eax, ecx                    ; 1-based position of the first byte equal to buffer[1000]
        add ebx, eax
        mov edi, copy + 16
        mov ecx, 32
        mov al, 0x5A
        rep stosb
        mov esi, copy
        mov ecx, 64
        call checksum
        xor ebx, eax

        ; 4. Unsigned and signed multiply and divide (MUL, DIV, CDQ, IDIV, IMUL r/m).
        mov eax, ebx
        mov ecx, 0x9E3779B9
        mul ecx                         ; EDX:EAX = EBX * golden ratio
        and edx, 0xFFFF                 ; keep the quotient in 32 bits
        mov ecx, 1000003
        div ecx
        add ebx, eax
        xor ebx, edx
        mov eax, -1234567
        cdq
        mov ecx, 97
        idiv ecx                        ; EAX = -12727, EDX = -48
        imul eax, edx
        add ebx, eax
        mov eax, ebx

        ; 5. Print EAX in hex on the console and halt with it in EAX.
        push eax
        mov esi, prefix
        call print
        mov ebx, [esp]
        mov ecx, 8
hex:    rol ebx, 4
        mov eax, ebx
        and eax, 0xF
        mov al, [digits + eax]
        out CONSOLE, al
        loop hex
        mov al, 10
        out CONSOLE, al
        pop eax
        hlt

fail:   mov esi, failed
        call print
        mov eax, 0xBAD
        hlt

; EAX = checksum of ECX bytes at ESI: for each byte b, sum = rol(sum, 5) ^ b, plus b * position.
checksum:
        push ebx
        push edx
        xor eax, eax
        xor edx, edx
.next:  rol eax, 5
        movzx ebx, byte [esi]
        xor eax, ebx
        imul ebx, edx
        add eax, ebx
        inc esi
        inc edx
        dec ecx
        jnz .next
        pop edx
        pop ebx
        ret

; Prints the zero-terminated string at ESI on the console.
print:  lodsb
        test al, al
        jz .done
        out CONSOLE, al
        jmp print
.done:  ret

prefix: db "smoke ", 0
failed: db "copy differs", 10, 0
digits: db "0123456789ABCDEF"

align 16
buffer: times LEN db 0
copy:   times LEN db 0
