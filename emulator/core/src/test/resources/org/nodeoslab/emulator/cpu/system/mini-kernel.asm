; A miniature kernel that exercises the system architecture the way an OS does, from a real-mode start:
; GDT and protected mode, IDT, TSS, paging with a supervisor-only page, page faults that are recovered,
; a trip to ring 3 with a system call, a #GP from a privileged gate, and a double fault through a task gate.
; Each step stores what it saw in a result slot; the Java test reads them after the final HLT.
; Assembled with -DPAE it pages with PAE (three levels, 8-byte entries) instead of 32-bit paging.

RESULTS   equ 0x500      ; dword slots:
R_PF_CR2       equ RESULTS + 0x00  ; kernel page fault: CR2, error code
R_PF_CODE      equ RESULTS + 0x04
R_SYSCALL_CS   equ RESULTS + 0x08  ; CS and EAX the system call handler saw
R_SYSCALL_EAX  equ RESULTS + 0x0C
R_USER_PF_CR2  equ RESULTS + 0x10  ; user page fault: CR2, error code
R_USER_PF_CODE equ RESULTS + 0x14
R_BACK_IN_KERNEL equ RESULTS + 0x18
R_USER_GP_CODE equ RESULTS + 0x1C
R_DIRTY_BITS   equ RESULTS + 0x20
R_DF_TASK      equ RESULTS + 0x24
R_DF_CODE      equ RESULTS + 0x28
R_DF_BACKLINK  equ RESULTS + 0x2C

IDT       equ 0x20000
PAGE_DIR  equ 0x30000     ; CR3: the page directory, or with PAE the page-directory-pointer table
PAGE_TABLE equ 0x31000    ; page tables for the first 4 MiB (two consecutive ones with PAE)
PAE_DIRECTORY equ 0x33000
%ifdef PAE
PTE_SIZE  equ 8
%else
PTE_SIZE  equ 4
%endif
TSS       equ 0x40000
DF_TSS    equ 0x41000
DF_STACK  equ 0x60000
USER_STACK equ 0x7F000
KERNEL_STACK equ 0x90000
KERNEL_ONLY_PAGE equ 0x300000
UNMAPPED  equ 0x500000

KERNEL_CS equ 0x08
KERNEL_DS equ 0x10
USER_CS   equ 0x1B
USER_DS   equ 0x23
TSS_SEL   equ 0x28
DF_TSS_SEL equ 0x30

INTERRUPT_GATE_DPL0 equ 0x8E00
INTERRUPT_GATE_DPL3 equ 0xEE00

org 0x7C00
bits 16
start:
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7000
    lgdt [gdt_pointer]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp KERNEL_CS:protected_mode

bits 32
protected_mode:
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov esp, KERNEL_STACK

    ; The IDT: #GP, #PF and three system-call vectors; #DF through a task gate.
    mov ebx, 13
    mov eax, gp_handler
    mov ecx, INTERRUPT_GATE_DPL0
    call set_gate
    mov ebx, 14
    mov eax, pf_handler
    call set_gate
    mov ebx, 0x81
    mov eax, gp_handler          ; never reached from ring 3: DPL 0
    call set_gate
    mov ebx, 0x80
    mov eax, syscall_handler
    mov ecx, INTERRUPT_GATE_DPL3
    call set_gate
    mov ebx, 0x82
    mov eax, exit_handler
    call set_gate
    mov word [IDT + 8 * 8 + 2], DF_TSS_SEL
    mov word [IDT + 8 * 8 + 4], 0x8500
    lidt [idt_pointer]

    ; The TSS for ring switches, and the double-fault task's TSS with its own stack.
    mov dword [TSS + 4], KERNEL_STACK
    mov dword [TSS + 8], KERNEL_DS
    mov word [TSS + 0x66], 0xFFFF   ; no I/O bitmap
    mov dword [DF_TSS + 0x1C], PAGE_DIR
    mov dword [DF_TSS + 0x20], double_fault_task
    mov dword [DF_TSS + 0x24], 2
    mov dword [DF_TSS + 0x38], DF_STACK
    mov dword [DF_TSS + 0x48], KERNEL_DS
    mov dword [DF_TSS + 0x4C], KERNEL_CS
    mov dword [DF_TSS + 0x50], KERNEL_DS
    mov dword [DF_TSS + 0x54], KERNEL_DS
    mov ax, TSS_SEL
    ltr ax

    ; Paging: identity-map the first 4 MiB, user-accessible except one supervisor page; CR0.WP on.
    mov edi, PAGE_TABLE
    mov eax, 7
    mov ecx, 1024
.fill:
    mov [edi], eax
    add eax, 0x1000
    add edi, PTE_SIZE
    loop .fill
    and dword [PAGE_TABLE + (KERNEL_ONLY_PAGE >> 12) * PTE_SIZE], ~4
%ifdef PAE
    mov dword [PAE_DIRECTORY], PAGE_TABLE | 7
    mov dword [PAE_DIRECTORY + 8], (PAGE_TABLE + 0x1000) | 7
    mov dword [PAGE_DIR], PAE_DIRECTORY | 1
    mov eax, cr4
    or eax, 0x20
    mov cr4, eax
%else
    mov dword [PAGE_DIR], PAGE_TABLE | 7
%endif
    mov eax, PAGE_DIR
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80010000
    mov cr0, eax

    ; A kernel read of an unmapped address: the #PF handler records CR2 and the code, and resumes.
    mov dword [resume], after_kernel_fault
    mov eax, [UNMAPPED]
after_kernel_fault:

    ; Accessed and dirty bits: read one page, write another.
    mov eax, [0x201000]
    mov dword [0x202000], 1
    mov eax, [PAGE_TABLE + 0x201 * PTE_SIZE]
    and eax, 0x60
    mov ebx, [PAGE_TABLE + 0x202 * PTE_SIZE]
    and ebx, 0x60
    shl ebx, 8
    or eax, ebx
    mov [R_DIRTY_BITS], eax

    ; To ring 3 through IRET.
    push USER_DS
    push USER_STACK
    push 0x202
    push USER_CS
    push user_code
    iret

user_code:
    mov ax, USER_DS
    mov ds, ax
    mov es, ax
    mov eax, 0x1234
    int 0x80                         ; a system call
    mov dword [resume], after_user_fault
    mov dword [KERNEL_ONLY_PAGE], 1  ; a user write to a supervisor page
after_user_fault:
    mov dword [resume], after_user_gp
    int 0x81                         ; a DPL 0 gate: #GP(0x81 * 8 + 2)
after_user_gp:
    int 0x82                         ; "exit": back to the kernel for good

kernel_continues:
    mov dword [R_BACK_IN_KERNEL], 0xC0FFEE
    ; #GP with a not-present #GP gate: #NP while delivering #GP = double fault, through the task gate.
    and byte [IDT + 13 * 8 + 5], 0x7F
    mov ax, 0x7F8                    ; beyond the GDT limit
    mov ds, ax
    hlt                              ; not reached

double_fault_task:
    mov dword [R_DF_TASK], 0xDF
    mov eax, [esp]                   ; the error code, on the task's own stack
    mov [R_DF_CODE], eax
    mov eax, [DF_TSS]                ; the back link to the interrupted task
    mov [R_DF_BACKLINK], eax
    hlt

; eax = handler, ebx = vector, ecx = type and DPL in the high byte
set_gate:
    lea edi, [IDT + ebx * 8]
    mov [edi], ax
    mov word [edi + 2], KERNEL_CS
    mov [edi + 4], cx
    shr eax, 16
    mov [edi + 6], ax
    ret

pf_handler:
    push eax
    push ebx
    mov ebx, R_PF_CR2
    test dword [esp + 16], 3         ; the saved CS: a fault in ring 3 goes to the user slots
    jz .record
    mov ebx, R_USER_PF_CR2
.record:
    mov eax, cr2
    mov [ebx], eax
    mov eax, [esp + 8]
    mov [ebx + 4], eax
    pop ebx
    jmp resume_after_fault
gp_handler:
    push eax
    mov eax, [esp + 4]
    mov [R_USER_GP_CODE], eax
resume_after_fault:                  ; stack: saved EAX, error code, EIP, CS, EFLAGS [, ESP, SS]
    mov eax, [resume]
    mov [esp + 8], eax               ; return to the recovery point
    pop eax
    add esp, 4                       ; drop the error code
    iret

syscall_handler:
    mov ebx, [esp + 4]               ; the caller's CS
    mov [R_SYSCALL_CS], ebx
    mov [R_SYSCALL_EAX], eax
    iret

exit_handler:
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    add esp, 20                      ; forget the ring-3 frame
    jmp kernel_continues

resume: dd 0

align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF            ; kernel code
    dq 0x00CF92000000FFFF            ; kernel data
    dq 0x00CFFA000000FFFF            ; user code
    dq 0x00CFF2000000FFFF            ; user data
    dw 0x67, TSS & 0xFFFF            ; TSS
    db (TSS >> 16) & 0xFF, 0x89, 0, TSS >> 24
    dw 0x67, DF_TSS & 0xFFFF         ; double-fault TSS
    db (DF_TSS >> 16) & 0xFF, 0x89, 0, DF_TSS >> 24
gdt_end:

gdt_pointer:
    dw gdt_end - gdt - 1
    dd gdt
idt_pointer:
    dw 256 * 8 - 1
    dd IDT
