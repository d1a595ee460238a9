; Protected mode with an empty IDT: the first exception cannot be delivered (#GP), nor can that #GP (#DF),
; nor the #DF: a triple fault, which shuts the processor down.
org 0x7C00
bits 16
    cli
    xor ax, ax
    mov ds, ax
    lgdt [gdt_pointer]
    lidt [idt_pointer]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp 0x08:protected_mode
bits 32
protected_mode:
    mov dword [0x500], 0x600D
    ud2
    mov dword [0x500], 0xBAD         ; not reached
    hlt

align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF
    dq 0x00CF92000000FFFF
gdt_end:
gdt_pointer:
    dw gdt_end - gdt - 1
    dd gdt
idt_pointer:
    dw 0
    dd 0
