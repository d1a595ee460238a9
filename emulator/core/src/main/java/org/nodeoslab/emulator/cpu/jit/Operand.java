package org.nodeoslab.emulator.cpu.jit;

/**
 * An operand of an IR instruction: a general register (8-bit registers numbered as in ModRM: 0-3 = AL..BL, 4-7 =
 * AH..BH), a memory operand (segment register, base and index registers or {@link #NONE}, scale, displacement,
 * 32-bit addressing) or an immediate. {@link #size} is 8, 16 or 32 bits.
 */
public final class Operand {
    public static final int REGISTER = 0, MEMORY = 1, IMMEDIATE = 2;
    public static final int NONE = 8;

    public final int type;
    public final int size;
    /** REGISTER: the register; MEMORY: the base register or NONE. */
    public final int register;
    public final int segment;
    public final int index;
    public final int scale;
    /** MEMORY: the displacement; IMMEDIATE: the value (sign- or zero-extended as the instruction wants). */
    public final int value;

    private Operand(int type, int size, int register, int segment, int index, int scale, int value) {
        this.type = type;
        this.size = size;
        this.register = register;
        this.segment = segment;
        this.index = index;
        this.scale = scale;
        this.value = value;
    }

    public static Operand register(int r, int size) {
        return new Operand(REGISTER, size, r, 0, NONE, 0, 0);
    }

    public static Operand memory(int segment, int base, int index, int scale, int displacement, int size) {
        return new Operand(MEMORY, size, base, segment, index, scale, displacement);
    }

    public static Operand immediate(int value, int size) {
        return new Operand(IMMEDIATE, size, 0, 0, NONE, 0, value);
    }

    public boolean isRegister() {
        return type == REGISTER;
    }

    public boolean isMemory() {
        return type == MEMORY;
    }

    /** The same operand at another size (MOVZX reads a byte through the memory form of its ModRM). */
    public Operand withSize(int newSize) {
        return new Operand(type, newSize, register, segment, index, scale, value);
    }

    @Override
    public String toString() {
        switch (type) {
            case REGISTER: return "r" + size + ":" + register;
            case IMMEDIATE: return "0x" + Integer.toHexString(value);
            default:
                return "m" + size + "[seg" + segment + (register != NONE ? " +r" + register : "")
                        + (index != NONE ? " +r" + index + "*" + (1 << scale) : "") + " +0x"
                        + Integer.toHexString(value) + "]";
        }
    }
}
