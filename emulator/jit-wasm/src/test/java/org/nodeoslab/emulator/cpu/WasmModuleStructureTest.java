package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodeoslab.emulator.cpu.jit.Jit;
import org.nodeoslab.emulator.cpu.jit.JitConfig;
import org.nodeoslab.emulator.cpu.jit.Region;
import org.nodeoslab.emulator.jit.wasm.ChicoryWasmLoader;
import org.nodeoslab.emulator.jit.wasm.WasmImports;
import org.nodeoslab.emulator.jit.wasm.WasmRegionCompiler;

/**
 * What a generated module looks like from outside (the contract with the browser's loader): it validates, imports
 * exactly WasmImports' helpers from module "jit" with their types, in order, and exports only run(i32, i32) -> i32;
 * and inside: a region keeps its registers in locals (one read of the CPU's array per register, writes back only
 * at its end).
 */
class WasmModuleStructureTest {
    @AfterEach
    void interpreterAgain() {
        Jit.install(null, JitConfig.OFF);
    }

    /** The regions the front end builds for {@code source} (run once, every region forced, nothing compiled). */
    private static List<Region> regions(String source) {
        List<Region> seen = new ArrayList<>();
        Jit.install(region -> {
            seen.add(region);
            return null;
        }, new JitConfig(JitConfig.Mode.FORCE, 1, 0, JitConfig.DEFAULT_MAX_INSTRUCTIONS));
        GuestMachine.flat32("jmp start\nstart:\n" + source).run();
        return seen;
    }

    @Test
    void aRegionsModuleImportsTheHelpersAndExportsOnlyRun() {
        Region region = regions("mov esi, 0x2000\nmov eax, [esi]\nadd eax, ebx\nmov [esi + 4], eax\ncmp eax, 7\n"
                + "jne next\nnext: hlt").get(0);
        byte[] bytes = WasmRegionCompiler.moduleOf(region);
        WasmModule module = Parser.parse(bytes);
        assertEquals(WasmImports.count(), module.importSection().importCount());
        for (int i = 0; i < WasmImports.count(); i++) {
            WasmImports.Import expected = WasmImports.get(i);
            Import actual = module.importSection().getImport(i);
            assertEquals("jit", actual.module());
            assertEquals(expected.name, actual.name());
            assertEquals(ExternalType.FUNCTION, actual.importType());
            FunctionType type = module.typeSection().getType(((FunctionImport) actual).typeIndex());
            assertEquals(expected.toString(), WasmImports.MODULE.equals("jit") ? describe(expected.name, type)
                    : "");
        }
        assertEquals(1, module.exportSection().exportCount());
        Export run = module.exportSection().getExport(0);
        assertEquals("run", run.name());
        assertEquals(ExternalType.FUNCTION, run.exportType());
        assertEquals(WasmImports.count(), run.index(), "run is the module's own (first non-imported) function");
        assertEquals(FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)),
                module.functionSection().getFunctionType(0, module.typeSection()));
        ChicoryWasmLoader.INSTANCE.instantiate(bytes); // validates and links against the helpers
    }

    @Test
    void registersStayInLocalsAcrossMemoryAccesses() {
        // Six native instructions over EAX, EBX, ESI with memory reads and writes in between: each register read
        // from the CPU's array at most once, written back only on the way out, no call per register access.
        Region region = regions("mov esi, 0x2000\nmov eax, [esi]\nadd eax, ebx\nmov [esi + 4], eax\n"
                + "add eax, [esi + 8]\nmov [esi + 12], eax\nhlt").get(0);
        List<AnnotatedInstruction> body = Parser.parse(WasmRegionCompiler.moduleOf(region)).codeSection()
                .getFunctionBody(0).instructions();
        assertEquals(1, calls(body, WasmImports.REG), "EBX alone is read from the array (EAX, ESI are set first)");
        // Write-backs only where the region is left: its end, and after each write in case it hit the region.
        assertEquals(3, calls(body, WasmImports.EXIT));
        assertEquals(3, calls(body, WasmImports.FLUSH), "one write-back (EAX and ESI) before each exit");
        assertEquals(0, calls(body, WasmImports.SET_REG));
        assertEquals(2, calls(body, WasmImports.READ32));
        assertEquals(2, calls(body, WasmImports.WRITE32));
        assertEquals(1, calls(body, WasmImports.INTERPRET), "HLT");
    }

    @Test
    void aJccAfterCmpComparesInWasm() {
        Region region = regions("cmp eax, ebx\nmov ecx, edx\njb next\nnext: hlt").get(0);
        List<AnnotatedInstruction> body = Parser.parse(WasmRegionCompiler.moduleOf(region)).codeSection()
                .getFunctionBody(0).instructions();
        assertEquals(0, calls(body, WasmImports.CONDITION));
        assertTrue(body.stream().anyMatch(i -> i.opcode() == OpCode.I32_LT_U), "JB is an unsigned compare");
        // The CMP's flags are recorded in the Alu only on the ways out: the branch taken, and before HLT.
        assertEquals(2, calls(body, WasmImports.SUB));
    }

    @Test
    void flagsNoInstructionReadsAreNeverRecorded() {
        Region region = regions("add eax, ebx\nsub ecx, edx\nor dword [0x2000], 1\nxor esi, esi\n"
                + "adc edi, 1\nhlt").get(0);
        List<AnnotatedInstruction> body = Parser.parse(WasmRegionCompiler.moduleOf(region)).codeSection()
                .getFunctionBody(0).instructions();
        assertEquals(0, calls(body, WasmImports.ADD), "overwritten by the SUB");
        assertEquals(0, calls(body, WasmImports.SUB));
        assertEquals(1, calls(body, WasmImports.OR), "only where its write hit the region's code and it leaves");
        assertEquals(0, calls(body, WasmImports.SAVE_FLAGS), "the OR's write may fault: its flags are not set yet");
        assertEquals(1, calls(body, WasmImports.XOR), "the ADC reads CF");
        assertEquals(1, calls(body, WasmImports.ADC));
    }

    @Test
    void aModuleThatDoesNotValidateIsRefused() {
        byte[] good = WasmRegionCompiler.moduleOf(regions("add eax, ebx\nhlt").get(0));
        // The body's first instruction (after the local declarations) becomes an i64 add of nothing.
        byte[] bad = good.clone();
        int at = indexOfBody(bad);
        bad[at] = (byte) 0x7C;
        assertThrows(RuntimeException.class, () -> ChicoryWasmLoader.INSTANCE.instantiate(bad));
    }

    /** The offset of the first instruction of the only function body (after its local declarations). */
    private static int indexOfBody(byte[] module) {
        // Local declarations are "02 15 7f 01 7e" (21 i32, 1 i64); the body follows.
        for (int i = module.length - 6; i > 0; i--) {
            if (module[i] == 0x02 && module[i + 1] == 0x15 && module[i + 2] == 0x7F && module[i + 3] == 0x01
                    && module[i + 4] == 0x7E) {
                return i + 5;
            }
        }
        throw new AssertionError("no function body found");
    }

    private static long calls(List<AnnotatedInstruction> body, WasmImports.Import helper) {
        return body.stream().filter(i -> i.opcode() == OpCode.CALL && i.operand(0) == helper.index).count();
    }

    private static String describe(String name, FunctionType type) {
        StringBuilder s = new StringBuilder(name).append('(');
        for (int i = 0; i < type.params().size(); i++) {
            s.append(i > 0 ? ", " : "").append(type.params().get(i).equals(ValType.I64) ? "i64" : "i32");
        }
        s.append(") -> ");
        s.append(type.returns().isEmpty() ? "()" : type.returns().get(0).equals(ValType.I64) ? "i64" : "i32");
        return s.toString();
    }
}
