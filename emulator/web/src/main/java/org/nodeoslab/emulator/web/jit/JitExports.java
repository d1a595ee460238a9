package org.nodeoslab.emulator.web.jit;

import org.nodeoslab.emulator.jit.wasm.WasmHelpers;
import org.teavm.interop.Export;

/**
 * The helpers generated modules import ({@code WasmImports}), as raw exports of the browser build's wasm module: one
 * {@code @Export} static per import, named as the import is ({@code "jit_read8"}: nodeos-jit.js links import
 * ("jit", "jit_read8") to the export of that name), with its types, delegating to jit-wasm's {@code WasmHelpers}.
 * A call from a generated module is a wasm-to-wasm call. {@code JitExportsTest} checks that this list and
 * {@code WasmImports} agree, name for name and type for type.
 */
public final class JitExports {
    private JitExports() {
    }

    /** TeaVM exports a class's {@code @Export} methods once the class is reached: the switch calls this. */
    static void link() {
    }

    @Export(name = "jit_read8")
    public static long read8(int segment, int offset) {
        return WasmHelpers.read8(segment, offset);
    }

    @Export(name = "jit_read16")
    public static long read16(int segment, int offset) {
        return WasmHelpers.read16(segment, offset);
    }

    @Export(name = "jit_read32")
    public static long read32(int segment, int offset) {
        return WasmHelpers.read32(segment, offset);
    }

    @Export(name = "jit_write8")
    public static int write8(int segment, int offset, int value) {
        return WasmHelpers.write8(segment, offset, value);
    }

    @Export(name = "jit_write16")
    public static int write16(int segment, int offset, int value) {
        return WasmHelpers.write16(segment, offset, value);
    }

    @Export(name = "jit_write32")
    public static int write32(int segment, int offset, int value) {
        return WasmHelpers.write32(segment, offset, value);
    }

    @Export(name = "jit_push32")
    public static int push32(int value) {
        return WasmHelpers.push32(value);
    }

    @Export(name = "jit_pop32")
    public static long pop32() {
        return WasmHelpers.pop32();
    }

    @Export(name = "jit_add")
    public static int add(int a, int b, int mask) {
        return WasmHelpers.add(a, b, mask);
    }

    @Export(name = "jit_or")
    public static int or(int a, int b, int mask) {
        return WasmHelpers.or(a, b, mask);
    }

    @Export(name = "jit_adc")
    public static int adc(int a, int b, int mask) {
        return WasmHelpers.adc(a, b, mask);
    }

    @Export(name = "jit_sbb")
    public static int sbb(int a, int b, int mask) {
        return WasmHelpers.sbb(a, b, mask);
    }

    @Export(name = "jit_and")
    public static int and(int a, int b, int mask) {
        return WasmHelpers.and(a, b, mask);
    }

    @Export(name = "jit_sub")
    public static int sub(int a, int b, int mask) {
        return WasmHelpers.sub(a, b, mask);
    }

    @Export(name = "jit_xor")
    public static int xor(int a, int b, int mask) {
        return WasmHelpers.xor(a, b, mask);
    }

    @Export(name = "jit_imul32")
    public static int imul32(int a, int b) {
        return WasmHelpers.imul32(a, b);
    }

    @Export(name = "jit_inc")
    public static int inc(int a, int mask) {
        return WasmHelpers.inc(a, mask);
    }

    @Export(name = "jit_dec")
    public static int dec(int a, int mask) {
        return WasmHelpers.dec(a, mask);
    }

    @Export(name = "jit_shift")
    public static int shift(int op, int value, int count, int bits) {
        return WasmHelpers.shift(op, value, count, bits);
    }

    @Export(name = "jit_shl32")
    public static int shl32(int value, int count) {
        return WasmHelpers.shl32(value, count);
    }

    @Export(name = "jit_shr32")
    public static int shr32(int value, int count) {
        return WasmHelpers.shr32(value, count);
    }

    @Export(name = "jit_sar32")
    public static int sar32(int value, int count) {
        return WasmHelpers.sar32(value, count);
    }

    @Export(name = "jit_condition")
    public static int condition(int cc) {
        return WasmHelpers.condition(cc);
    }

    @Export(name = "jit_saveFlags")
    public static void saveFlags() {
        WasmHelpers.saveFlags();
    }

    @Export(name = "jit_materialize")
    public static void materialize(int pending, int a, int b) {
        WasmHelpers.materialize(pending, a, b);
    }

    @Export(name = "jit_reg")
    public static int reg(int r) {
        return WasmHelpers.reg(r);
    }

    @Export(name = "jit_setReg")
    public static void setReg(int r, int value) {
        WasmHelpers.setReg(r, value);
    }

    @Export(name = "jit_flush")
    public static void flush(int mask, int eax, int ecx, int edx, int ebx, int esp, int ebp, int esi, int edi) {
        WasmHelpers.flush(mask, eax, ecx, edx, ebx, esp, ebp, esi, edi);
    }

    @Export(name = "jit_exit")
    public static int exit(int eip, int retired) {
        return WasmHelpers.exit(eip, retired);
    }

    @Export(name = "jit_branch")
    public static int branch(int target, int retired, int eip) {
        return WasmHelpers.branch(target, retired, eip);
    }

    @Export(name = "jit_call")
    public static int call(int target, int returnEip, int retired, int eip) {
        return WasmHelpers.call(target, returnEip, retired, eip);
    }

    @Export(name = "jit_ret")
    public static int ret(int release, int retired, int eip) {
        return WasmHelpers.ret(release, retired, eip);
    }

    @Export(name = "jit_interpret")
    public static int interpret(int eip, int next, int word, int form, int displacement, int retiredBefore) {
        return WasmHelpers.interpret(eip, next, word, form, displacement, retiredBefore);
    }

    @Export(name = "jit_fault")
    public static int fault(int entryEip, int at, int pending, int pa, int pb, int eax, int ecx, int edx, int ebx, int esp, int ebp, int esi, int edi) {
        return WasmHelpers.fault(entryEip, at, pending, pa, pb, eax, ecx, edx, ebx, esp, ebp, esi, edi);
    }
}
