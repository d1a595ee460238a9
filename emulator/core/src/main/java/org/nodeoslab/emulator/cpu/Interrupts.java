package org.nodeoslab.emulator.cpu;

/** Exception and interrupt delivery, IRET. (Stub.) */
public final class Interrupts {
    private final Cpu cpu;

    public Interrupts(Cpu cpu) {
        this.cpu = cpu;
    }

    public void deliver(int vector, boolean hasErrorCode, int errorCode, boolean software, int returnEip) {
        throw new UnsupportedOperationException("interrupt delivery not implemented yet (vector " + vector + ")");
    }

    public void deliverFault(CpuFault f) {
        deliver(f.vector, f.hasErrorCode, f.errorCode, false, cpu.eip);
    }

    public void iret(boolean operand32) {
        throw new UnsupportedOperationException("IRET not implemented yet");
    }
}
