package org.nodeoslab.emulator.cpu;

/** Far JMP/CALL/RET, call gates, hardware task switch. (Stub.) */
public final class ControlTransfer {
    private final Cpu cpu;

    public ControlTransfer(Cpu cpu) {
        this.cpu = cpu;
    }

    public void farJump(int selector, int offset, boolean operand32) {
        throw new UnsupportedOperationException("far JMP not implemented yet");
    }

    public void farCall(int selector, int offset, boolean operand32, int returnEip) {
        throw new UnsupportedOperationException("far CALL not implemented yet");
    }

    public void farReturn(boolean operand32, int extraPop) {
        throw new UnsupportedOperationException("far RET not implemented yet");
    }
}
