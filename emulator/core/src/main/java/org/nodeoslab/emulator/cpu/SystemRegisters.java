package org.nodeoslab.emulator.cpu;

/** Control/debug registers, descriptor table registers, MSRs, CPUID, SYSENTER/SYSEXIT, RDTSC, I/O permission. (Stub.) */
public final class SystemRegisters {
    private final Cpu cpu;

    public SystemRegisters(Cpu cpu) {
        this.cpu = cpu;
    }

    public int readCr(int n) {
        switch (n) {
            case 0: return cpu.cr0;
            case 2: return cpu.cr2;
            case 3: return cpu.cr3;
            case 4: return cpu.cr4;
            default: throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    public void writeCr(int n, int value) {
        switch (n) {
            case 0: cpu.cr0 = value; break;
            case 2: cpu.cr2 = value; break;
            case 3: cpu.cr3 = value; break;
            case 4: cpu.cr4 = value; break;
            default: throw CpuFault.withoutCode(CpuFault.UD);
        }
    }

    public int readDr(int n) {
        return cpu.dr[n];
    }

    public void writeDr(int n, int value) {
        cpu.dr[n] = value;
    }

    public void clts() {
        cpu.cr0 &= ~Cpu.CR0_TS;
    }

    public void lmsw(int value) {
        cpu.cr0 = (cpu.cr0 & ~0xE) | (value & 0xF) | (cpu.cr0 & 1);
    }

    public int smsw() {
        return cpu.cr0;
    }

    public void lgdt(int linear, boolean operand32) {
        cpu.gdtrLimit = cpu.memory.read16(linear);
        cpu.gdtrBase = cpu.memory.read32(linear + 2) & (operand32 ? 0xFFFFFFFF : 0x00FFFFFF);
    }

    public void lidt(int linear, boolean operand32) {
        cpu.idtrLimit = cpu.memory.read16(linear);
        cpu.idtrBase = cpu.memory.read32(linear + 2) & (operand32 ? 0xFFFFFFFF : 0x00FFFFFF);
    }

    public void sgdt(int linear, boolean operand32) {
        cpu.memory.write16(linear, cpu.gdtrLimit);
        cpu.memory.write32(linear + 2, cpu.gdtrBase);
    }

    public void sidt(int linear, boolean operand32) {
        cpu.memory.write16(linear, cpu.idtrLimit);
        cpu.memory.write32(linear + 2, cpu.idtrBase);
    }

    public void lldt(int selector) {
        throw new UnsupportedOperationException("LLDT not implemented yet");
    }

    public void ltr(int selector) {
        throw new UnsupportedOperationException("LTR not implemented yet");
    }

    public int sldt() {
        return cpu.ldtrSelector;
    }

    public int str() {
        return cpu.trSelector;
    }

    /** LAR/LSL/VERR/VERW: true = ZF set; LAR/LSL leave their result in {@link #descriptorQueryResult}. */
    public int descriptorQueryResult;

    public boolean lar(int selector) {
        return false;
    }

    public boolean lsl(int selector) {
        return false;
    }

    public boolean verr(int selector) {
        return false;
    }

    public boolean verw(int selector) {
        return false;
    }

    public void rdmsr() {
        throw CpuFault.withCode(CpuFault.GP, 0);
    }

    public void wrmsr() {
        throw CpuFault.withCode(CpuFault.GP, 0);
    }

    public void cpuid() {
        cpu.reg[Cpu.EAX] = 0;
        cpu.reg[Cpu.EBX] = 0x756E6547;
        cpu.reg[Cpu.EDX] = 0x49656E69;
        cpu.reg[Cpu.ECX] = 0x6C65746E;
    }

    public void sysenter() {
        throw CpuFault.withoutCode(CpuFault.UD);
    }

    public void sysexit() {
        throw CpuFault.withoutCode(CpuFault.UD);
    }

    public void rdtsc() {
        cpu.reg[Cpu.EAX] = 0;
        cpu.reg[Cpu.EDX] = 0;
    }

    /** IN/OUT/INS/OUTS at CPL > IOPL or in v86 mode: the TSS I/O permission bitmap decides; throws #GP(0). */
    public void checkIoPermission(int port, int size) {
    }
}
