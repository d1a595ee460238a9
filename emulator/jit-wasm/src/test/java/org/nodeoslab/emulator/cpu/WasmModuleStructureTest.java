package org.nodeoslab.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        // Six native instructions over EAX, EBX, ESI with memory reads and writes in between: no call per register
        // access, EBX alone read from the CPU's array (EAX and ESI are set first), the dirty ones written back by
        // the helper that leaves (HLT's interpret; each write may have hit the region's code and leave at once,
        // through the one exit the module's exits share).
        Region region = regions("mov esi, 0x2000\nmov eax, [esi]\nadd eax, ebx\nmov [esi + 4], eax\n"
                + "add eax, [esi + 8]\nmov [esi + 12], eax\nhlt").get(0);
        assertEquals("{read32=2, write32=2, reg=1, exit=1, interpret=1, fault=1}", calls(region));
    }

    @Test
    void registersAreLoadedTwoPerCall() {
        Region region = regions("mov eax, ebx\nadd eax, ecx\nadd eax, edx\nmov esi, edi\nhlt").get(0);
        assertEquals("{reg2=2, exit=1, interpret=1}", calls(region));
    }

    @Test
    void registersPassedInAreNeverLoaded() {
        Region region = regions("mov eax, ebx\nadd eax, ecx\nadd eax, edx\nmov esi, edi\nhlt").get(0);
        WasmModule module = Parser.parse(WasmRegionCompiler.moduleOf(region, true));
        assertEquals(FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32,
                ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)),
                module.functionSection().getFunctionType(0, module.typeSection()));
        assertTrue(module.codeSection().getFunctionBody(0).instructions().stream().noneMatch(
                i -> i.opcode() == OpCode.CALL && (i.operand(0) == WasmImports.REG.index
                        || i.operand(0) == WasmImports.REG2.index)));
        ChicoryWasmLoader.REGISTERS_IN.instantiate(WasmRegionCompiler.moduleOf(region, true));
    }

    /**
     * A module reaching guest memory inline imports the memory last (any size), takes the memory access's parameters
     * after the registers, and loads and stores in it: each access has its inline path and its helper (the slow path).
     */
    @Test
    void aModuleWithMemoryInlineImportsTheMemoryAndLoadsAndStoresInIt() {
        Region region = regions("mov esi, 0x2000\nmov eax, [esi]\nmov bl, [esi + 3]\nmov [esi + 4], ax\n"
                + "push eax\npop ecx\nhlt").get(0);
        byte[] bytes = WasmRegionCompiler.moduleOf(region, true, true);
        WasmModule module = Parser.parse(bytes);
        assertEquals(WasmImports.count() + 1, module.importSection().importCount());
        Import memory = module.importSection().getImport(WasmImports.count());
        assertEquals("jit", memory.module());
        assertEquals(WasmImports.MEMORY, memory.name());
        assertEquals(ExternalType.MEMORY, memory.importType());
        List<ValType> params = new ArrayList<>();
        for (int i = 0; i < 21; i++) { // entry, budget, eax..edi, access .. codePages, what a hop carries
            params.add(ValType.I32);
        }
        assertEquals(FunctionType.of(params, List.of(ValType.I32)),
                module.functionSection().getFunctionType(0, module.typeSection()));
        List<AnnotatedInstruction> body = module.codeSection().getFunctionBody(0).instructions();
        // Loads: the TLB entry of each of the 5 accesses, the code-page flag of the 2 writes, the values read (a dword,
        // a byte, POP's dword); stores: a word and PUSH's dword.
        assertEquals(5 + 2, count(body, OpCode.I32_LOAD), "TLB entries and the two dwords read");
        assertEquals(2 + 1, count(body, OpCode.I32_LOAD8_U), "code-page flags of the writes, the byte read");
        assertEquals(1, count(body, OpCode.I32_STORE16));
        assertEquals(1, count(body, OpCode.I32_STORE));
        // The helpers stay, for the slow path.
        assertEquals("{read8=1, read32=2, write16=1, write32=1, exit=1, interpret=1, fault=1}", calls(body));
        ChicoryWasmLoader.INLINE_MEMORY.instantiate(bytes,
                new com.dylibso.chicory.runtime.ByteArrayMemory(new com.dylibso.chicory.wasm.types.MemoryLimits(1)));
    }

    private static long count(List<AnnotatedInstruction> body, OpCode op) {
        return body.stream().filter(i -> i.opcode() == op).count();
    }

    /**
     * Each kind of exit is written once, at the function's end, and its sites branch there: three Jcc leaving the
     * region call branch at one place, the write's bail and the region's end exit at one, and with hops all of them
     * call the next region through one call_indirect.
     */
    @Test
    void exitsOfAKindShareOneCallAtTheFunctionsEnd() {
        Region region = regions("cmp eax, 1\nje a\ncmp eax, 2\nje b\nmov [0x2000], eax\ncmp eax, 3\nje c\nhlt\n"
                + "a: hlt\nb: hlt\nc: hlt").get(0);
        assertEquals("{write32=1, reg=1, exit=1, branch=1, interpret=1, fault=1}", calls(region));
        List<AnnotatedInstruction> hopping = Parser.parse(WasmRegionCompiler.moduleOf(region, true, true, true))
                .codeSection().getFunctionBody(0).instructions();
        assertEquals(1, count(hopping, OpCode.CALL_INDIRECT));
        assertEquals("{write32=1, exit=1, branch=1, interpret=1, fault=1}", calls(hopping));
    }

    @Test
    void aJccAfterCmpComparesInWasm() {
        Region region = regions("cmp eax, ebx\nmov ecx, edx\njb next\nhlt\nnext: hlt").get(0);
        List<AnnotatedInstruction> body = body(region);
        assertTrue(body.stream().anyMatch(i -> i.opcode() == OpCode.I32_LT_U), "JB is an unsigned compare");
        // The CMP's flags go to the Alu with the helpers that leave: the branch taken, HLT's interpret.
        assertEquals("{reg=1, reg2=1, exit=1, branch=1, interpret=1}", calls(region));
    }

    @Test
    void jumpsToInstructionsOfTheRegionStayInTheModule() {
        // A forward JZ over one instruction, an inner loop back to the third instruction, an outer JMP back to the
        // second and a JZ past that JMP (so the region goes on past it): no helper leaves the region for them (no
        // branch), the forward ones are branches out of blocks, the backward ones go round one loop whose top
        // dispatches to the two heads.
        Region region = regions("mov ecx, 3\ntop: mov ebx, 2\ninner: add eax, ebx\ntest eax, 4\njz skip\n"
                + "add edx, 3\nskip: dec ebx\njnz inner\ndec ecx\njz done\njmp top\ndone: hlt").get(0);
        assertEquals(12, region.instructions.size(), region.toString()); // past the JMP: JZ leads there
        List<AnnotatedInstruction> body = body(region);
        assertEquals(1, count(body, OpCode.LOOP));
        assertEquals(1, count(body, OpCode.BR_TABLE));
        // Helpers: the one exit shared by the two backward jumps (when another pass does not fit the budget) and the
        // region's end after HLT's interpret; the flags of TEST, ADD and DEC stay in wasm but where DEC needs the CF
        // of paths that met with different operations deferred (after skip: TEST's or ADD's), or of a DEC that took
        // it from the Alu.
        assertEquals("{materialize=2, reg=1, reg2=1, exit=1, interpret=1}", calls(region));
        ChicoryWasmLoader.INSTANCE.instantiate(WasmRegionCompiler.moduleOf(region));
    }

    @Test
    void flagsNoInstructionReadsAreNeverRecorded() {
        // ADD's flags are overwritten by SUB's, SUB's by OR's, OR's by XOR's, which ADC reads; the OR to memory
        // needs no saved flags (its own are not set until it cannot fault any more).
        Region region = regions("add eax, ebx\nsub ecx, edx\nor dword [0x2000], 1\nxor esi, esi\n"
                + "adc edi, 1\nhlt").get(0);
        assertEquals("{read32=1, write32=1, adc=1, materialize=1, reg2=3, exit=1, interpret=1, fault=1}",
                calls(region));
    }

    /**
     * A module that hops imports the table after the memory, and its exit to another region (the CALL) calls through
     * it; one that does not hop has neither.
     */
    @Test
    void aModuleThatHopsImportsTheTableAndItsExitsCallThroughIt() {
        Region region = regions("mov ecx, 3\ntop: call f\nadd eax, 1\ndec ecx\njnz top\nhlt\nf: ret").get(0);
        WasmModule module = Parser.parse(WasmRegionCompiler.moduleOf(region, true, true, true));
        assertEquals(WasmImports.count() + 2, module.importSection().importCount());
        Import table = module.importSection().getImport(WasmImports.count() + 1);
        assertEquals(WasmImports.TABLE, table.name());
        assertEquals(ExternalType.TABLE, table.importType());
        List<AnnotatedInstruction> body = module.codeSection().getFunctionBody(0).instructions();
        assertTrue(count(body, OpCode.CALL_INDIRECT) >= 1, "the exit calls the next region through the table");
        WasmModule plain = Parser.parse(WasmRegionCompiler.moduleOf(region, true, true));
        assertEquals(WasmImports.count() + 1, plain.importSection().importCount());
        assertEquals(0, count(plain.codeSection().getFunctionBody(0).instructions(), OpCode.CALL_INDIRECT));
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
        // Local declarations are "02 2b 7f 01 7e" (43 i32, 1 i64); the body follows.
        for (int i = module.length - 6; i > 0; i--) {
            if (module[i] == 0x02 && module[i + 1] == 0x2B && module[i + 2] == 0x7F && module[i + 3] == 0x01
                    && module[i + 4] == 0x7E) {
                return i + 5;
            }
        }
        throw new AssertionError("no function body found");
    }

    private static List<AnnotatedInstruction> body(Region region) {
        return Parser.parse(WasmRegionCompiler.moduleOf(region)).codeSection().getFunctionBody(0).instructions();
    }

    /**
     * The helpers the region's module calls, with how many call sites each, in WasmImports' order (the fault
     * block's call to fault is in every module that may fault: one reaching memory).
     */
    private static String calls(Region region) {
        return calls(body(region));
    }

    private static String calls(List<AnnotatedInstruction> body) {
        Map<String, Integer> calls = new LinkedHashMap<>();
        for (WasmImports.Import i : WasmImports.all()) {
            long n = body.stream().filter(x -> x.opcode() == OpCode.CALL && x.operand(0) == i.index).count();
            if (n > 0) {
                calls.put(i.method, (int) n);
            }
        }
        return calls.toString();
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
