; The PC test's guest: a tiny interrupt-driven serial echo on the PC's devices. It programs the 8259A pair and the
; 16550A on COM1 (receive interrupt on IRQ 4), prints "echo ready\r\n", then sleeps in HLT; each received byte is sent
; back upper-cased from the interrupt handler; "q" prints "bye\r\n" and powers off (CLI; HLT).
; Loaded at 0x10000 and entered in flat 32-bit protected mode with ESP = 0x80000.

bits 32
org 0x10000

COM1 equ 0x3F8
IRQ_BASE equ 0x20

start:
        lgdt [gdt_descriptor]           ; the interrupt gate names selector 0x10: it must be in a GDT
        lidt [idt_descriptor]

        ; 8259A pair: edge triggered, cascade, vectors 0x20-0x2F, only IRQ 4 (COM1) unmasked.
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, IRQ_BASE
        out 0x21, al
        mov al, IRQ_BASE + 8
        out 0xA1, al
        mov al, 4
        out 0x21, al
        mov al, 2
        out 0xA1, al
        mov al, 1
        out 0x21, al
        out 0xA1, al
        mov al, 0xEF
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al

        ; 16550A: 115200 8N1, FIFOs on, OUT2 (gates the IRQ line), receive-data interrupt.
        mov dx, COM1 + 3
        mov al, 0x80
        out dx, al
        mov dx, COM1
        mov al, 1
        out dx, al
        inc dx
        xor al, al
        out dx, al
        mov dx, COM1 + 3
        mov al, 3
        out dx, al
        mov dx, COM1 + 2
        mov al, 0x07
        out dx, al
        mov dx, COM1 + 4
        mov al, 0x0B
        out dx, al
        mov dx, COM1 + 1
        mov al, 1
        out dx, al

        mov esi, ready
        call print
idle:   sti
        hlt
        jmp idle

; IRQ 4: echo every byte waiting in the receive FIFO, upper-cased; "q" ends the program.
serial_irq:
        pushad
.next:  mov dx, COM1 + 5
        in al, dx
        test al, 1                      ; LSR.DR: data ready
        jz .done
        mov dx, COM1
        in al, dx
        cmp al, 'q'
        je quit
        cmp al, 'a'
        jb .send
        cmp al, 'z'
        ja .send
        sub al, 'a' - 'A'
.send:  call putc
        jmp .next
.done:  mov al, 0x20                    ; EOI to the master PIC
        out 0x20, al
        popad
        iret

quit:   mov esi, bye
        call print
        cli
        hlt

; Sends AL on COM1 once the transmit holding register is empty.
putc:   push eax
        mov dx, COM1 + 5
.wait:  in al, dx
        test al, 0x20                   ; LSR.THRE
        jz .wait
        pop eax
        mov dx, COM1
        out dx, al
        ret

; Sends the zero-terminated string at ESI.
print:  lodsb
        test al, al
        jz .done
        call putc
        jmp print
.done:  ret

ready:  db "echo ready", 13, 10, 0
bye:    db "bye", 13, 10, 0

align 8
gdt:    dq 0
        dq 0
        dq 0x00CF9A000000FFFF           ; 0x10: flat 32-bit code, ring 0
        dq 0x00CF92000000FFFF           ; 0x18: flat data, ring 0
gdt_descriptor:
        dw gdt_descriptor - gdt - 1
        dd gdt

align 8
idt:    times IRQ_BASE + 4 dq 0
        dw serial_irq - $$ + 0x10000 & 0xFFFF   ; vector 0x24: interrupt gate to serial_irq
        dw 0x10
        dw 0x8E00
        dw (serial_irq - $$ + 0x10000) >> 16
idt_end:
idt_descriptor:
        dw idt_end - idt - 1
        dd idt
