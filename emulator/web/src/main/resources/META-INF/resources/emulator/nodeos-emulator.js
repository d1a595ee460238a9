// NodeOS Lab's x86 emulator in the browser: the Java emulator compiled by TeaVM to WebAssembly GC, wrapped for pages.
//
//   import { loadEmulator, fetchBytes } from "/emulator/nodeos-emulator.js";
//   const emulator = await loadEmulator();                    // fetches and compiles emulator.wasm once
//
//   const pc = emulator.createPc({ memoryMiB: 256 });         // the PC: PIC, PIT, RTC, 16550A UARTs, ...
//   pc.bootLinux(await fetchBytes(kernelUrl), await fetchBytes(initrdUrl), "console=ttyS0");
//   pc.start({ onSerialOutput: bytes => terminal.write(bytes), onStop: reason => ... });
//   pc.sendSerial("uname -a\n");                              // string or bytes, to COM1
//
//   const bare = emulator.createMachine(16);                  // or just a CPU, RAM and console port 0xE9
//   bare.load(0x10000, bytes); bare.enterFlat32(0x10000, 0x80000); bare.run(1000000);
//
// start() runs the guest in slices of about `sliceMillis` and yields to the page between them, so the page stays
// responsive; an idle PC (HLT, waiting for its timer or for input) sleeps until then. run(n) is synchronous (tests).

import { load } from "./emulator.wasm-runtime.js";
import { WasmJit } from "./nodeos-jit.js";

const encoder = new TextEncoder();

/** Loads the WebAssembly module. `wasmUrl` defaults to emulator.wasm beside this file. */
export async function loadEmulator(wasmUrl = new URL("emulator.wasm", import.meta.url).href) {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.Tag === "undefined") {
        throw new Error("this browser lacks WebAssembly GC and exception handling (Chrome 119+, Firefox 120+ needed)");
    }
    // Bytes, not the URL: TeaVM's loader would compile a URL with compileStreaming, which refuses a server that
    // does not send application/wasm (Spring Boot's defaults, many static hosts); 250 KB compile fast either way.
    // The JIT's table and trampoline are made first: TeaVM's module imports the trampoline (nodeos-jit.js).
    const jit = new WasmJit();
    let memory = null;
    const teavm = await load((await fetchBytes(wasmUrl)).buffer, {
        installImports: imports => {
            memory = imports.env.memory; // TeaVM's loader made it; see Emulator.memory
            jit.installImports(imports);
        },
    });
    jit.attach(teavm.instance, memory);
    jit.onReady = slot => teavm.exports.jitModuleReady(slot);
    return new Emulator(teavm.exports, jit, memory);
}

/** The bytes at a URL, or an error naming the URL and the HTTP status. */
export async function fetchBytes(url) {
    const response = await fetch(url);
    if (!response.ok) {
        throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
    }
    return new Uint8Array(await response.arrayBuffer());
}

class Emulator {
    #exports;
    #jit;
    #memory;

    constructor(exports, jit, memory) {
        this.#exports = exports;
        this.#jit = jit;
        this.#memory = memory;
    }

    /**
     * The WebAssembly.Memory of the compiled emulator (TeaVM's `env.memory`, made by its loader): every machine keeps
     * its guest RAM, TLBs and code-page flags in it (web.LinearStorage; the addresses are the machine's
     * LinearLayout), so compiled guest code imports it to reach them inline (nodeos-jit.js is handed it in attach).
     * It grows when a machine is made (never moves): a typed-array view of `memory.buffer` made before is detached
     * then and must be made again.
     */
    get memory() {
        return this.#memory;
    }

    /**
     * Checks this browser's path for compiled guest code with a small hand-made module: "ok", or which hop failed.
     * `callNanos` (a number of calls) also measures nanoseconds per call into compiled code and out of it.
     */
    jitSelfTest({ callNanos = 0 } = {}) {
        const result = { status: this.#exports.jitSelfTest(this.#jit.host) };
        if (callNanos > 0 && result.status === "ok") {
            result.intoCompiled = this.#exports.jitCallNanos(this.#jit.host, callNanos, false);
            result.intoHelper = this.#exports.jitCallNanos(this.#jit.host, callNanos, true);
        }
        return result;
    }

    /**
     * Regions of compiled guest code waiting to share a module with others go to the browser now (a machine's time
     * slices hand them over after a few slices, or when it stops to wait).
     */
    flushJit() {
        this.#exports.jitFlush();
    }

    /** Modules of compiled guest code loaded, their bytes, live ones, failures, milliseconds compiling. */
    get jitStats() {
        return { ...this.#jit.stats };
    }

    /**
     * Compiled guest code (the JIT's WebAssembly back end) for the machines made after this call: `mode` "off" (the
     * interpreter alone, the default), "on" (hot code is compiled) or "force" (every block the first time it runs:
     * for tests, slow). `threshold` (entries into a page before it is hot), `entryThreshold` (entries into one block
     * of a hot page before it is compiled) and `maxInstructions` (per block) default to the JIT's own defaults.
     * `background` (default true): "on" compiles each module in the background while the interpreter runs its code;
     * false compiles it at once, the machine waiting (to measure one against the other; "force" always does).
     * `memoryInline` (default true): compiled code reads and writes guest memory inline in the emulator's memory;
     * false: through the emulator's helpers (to measure one against the other). `batch` (default 1): regions compiled
     * in the background share modules of up to this many functions (to measure; see jit-wasm's README). `maxModules` (0: the browser's
     * default): compiled modules kept live at most, the least recently entered evicted beyond it. `pageEntries` (0: the
     * browser's default, -1: off): when a block becomes hot, its whole page is compiled into one module with every block
     * of it entered at least this many times (v86's whole-page modules; see jit-wasm's README). `lookupSampling` (0:
     * the browser's default, 1: every one): the interpreter's branch targets not marked as compiled entries are looked
     * up for compiled code about one in this many (see emulator/web's README).
     * Returns what is in force: "jit on threshold 20000/20000", or "jit off" and why when this browser's path for
     * compiled code fails its self-test (the machine then runs on the interpreter).
     */
    configureJit({ mode = "off", threshold = 0, entryThreshold = 0, maxInstructions = 0, background = true,
        memoryInline = true, maxModules = 0, batch = 1, pageEntries = 0, lookupSampling = 0 } = {}) {
        this.#exports.jitBatch(batch);
        this.#exports.jitLookupSampling(lookupSampling);
        this.#exports.jitPageEntries(pageEntries);
        this.#exports.jitCompileInBackground(background);
        this.#exports.jitMaxModules(maxModules);
        this.#exports.jitMemoryInline(memoryInline);
        return this.#exports.configureJit(mode, threshold, entryThreshold, maxInstructions, this.#jit.host);
    }

    /**
     * Allocates the RAM of the next PC of `memoryMiB` MiB now: about half a second for 512 MiB, which a page spends
     * while the state downloads rather than after it (the next createPc/restorePc of that size takes it).
     */
    allocateAhead(memoryMiB) {
        this.#exports.allocateAhead(memoryMiB);
    }

    /** A bare machine: CPU, `ramMiB` MiB of RAM and a console on port 0xE9 (the serial callbacks see it). */
    createMachine(ramMiB) {
        return new Machine(this.#exports.createMachine(ramMiB));
    }

    /**
     * The PC, with COM1 as its serial console. Both clocks count time from the instructions run; with "real" (for
     * people) an idle guest waits for its timer in the host's time, with "virtual" (for tests) it skips to it at once,
     * so the same boot gives the same output byte for byte.
     */
    createPc({ memoryMiB = 256, clock = "real" } = {}) {
        return new Machine(this.#exports.createPc(memoryMiB, virtualClock(clock)));
    }

    /**
     * A PC continuing from a machine state (Machine.saveState() or `nodeos-emu --state-out`). Its RAM is unpacked as
     * the guest touches it. With `chunks`, `state` may be only the state's first bytes (a site's start-up state:
     * CPU, devices and the RAM its prompt needs): chunks(n) is called, synchronously and from inside the guest's
     * run, for RAM chunk n the first time the guest touches it, and returns its bytes or a string saying why they
     * cannot be had (the machine then stops with that error). With `base` ({state, name, chunks}: a start-up state's
     * first bytes and its chunks, as above), `state` is a saved machine on that base: a delta (Machine.saveDelta())
     * takes the chunks it names from the base, lazily; a delta of another state is refused with a message naming it.
     */
    restorePc(state, { name = "machine state", clock = "real", chunks = null, base = null } = {}) {
        if (base) {
            return new Machine(this.#exports.restorePcOn(toInt8Array(state), name, virtualClock(clock),
                toInt8Array(base.state), base.name ?? "base state", chunkSource(base.chunks)));
        }
        if (!chunks) {
            return new Machine(this.#exports.restorePc(toInt8Array(state), name, virtualClock(clock)));
        }
        return new Machine(this.#exports.restorePcFrom(toInt8Array(state), name, virtualClock(clock),
            chunkSource(chunks)));
    }
}

/** chunks(n) -> bytes or a string saying why not, as the compiled core's ChunkSource wants it. */
function chunkSource(chunks) {
    return n => {
        const bytes = chunks(n);
        return typeof bytes === "string" ? bytes : toInt8Array(bytes);
    };
}

function virtualClock(clock) {
    if (clock !== "real" && clock !== "virtual") {
        throw new Error(`clock must be "real" or "virtual", not ${JSON.stringify(clock)}`);
    }
    return clock === "virtual";
}

export const REGISTERS = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags",
    "es", "cs", "ss", "ds", "fs", "gs", "cr0", "cr2", "cr3", "cr4"];

/** Why a run ended, as onStop reports it. */
const FINAL = new Set(["halted", "shutdown", "reset"]);

export class Machine {
    #java;
    #running = false;
    #status = "budget";
    #wake = null;
    /** Counts start() calls: a slice of an earlier run, still queued after stop() and start(), ends quietly. */
    #generation = 0;

    constructor(java) {
        this.#java = java;
    }

    get isPc() {
        return this.#java.isPc();
    }

    load(address, bytes) {
        this.#java.load(address, toInt8Array(bytes));
    }

    /** A copy of `length` bytes of RAM at `address`. */
    read(address, length) {
        return toUint8Array(this.#java.read(address, length));
    }

    enterFlat32(eip, esp) {
        this.#java.enterFlat32(eip, esp);
    }

    /** A register as an unsigned 32-bit number. */
    getRegister(name) {
        return this.#java.getRegister(name) >>> 0;
    }

    setRegister(name, value) {
        this.#java.setRegister(name, value | 0);
    }

    /**
     * RAM chunks a machine restored with `chunks` may still ask for, in the order a session needs them: with
     * `hotOnly`, those a first session needs (fetch them in the background), else all (fetch them before saving).
     */
    chunksToFetch({ hotOnly = false } = {}) {
        return Array.from(this.#java.chunksToFetch(hotOnly));
    }

    /** Registers, segment caches, control registers and the code at CS:EIP as readable lines (for error reports). */
    describeCpu() {
        return this.#java.describeCpu();
    }

    /** Every register by name (unsigned), for display. */
    registers() {
        const all = {};
        for (const name of REGISTERS) {
            all[name] = this.getRegister(name);
        }
        return all;
    }

    /**
     * Loads a bzImage, an initramfs (or null) and the command line, as a boot loader would; errors name the file
     * and the problem (not a bzImage, does not fit in RAM, ...).
     */
    bootLinux(kernel, initrd, cmdline, { kernelName = "kernel", initrdName = "initrd" } = {}) {
        this.#java.bootLinux(toInt8Array(kernel), kernelName, initrd == null ? null : toInt8Array(initrd),
            initrdName, cmdline);
    }

    /**
     * Frees this machine's compiled guest code (the browser's modules are shared by the machines of a page): for a
     * machine replaced by another. It may run again, compiling afresh.
     */
    releaseCompiledCode() {
        this.#java.releaseCompiledCode();
    }

    /** The whole machine (CPU, devices, RAM without its zero pages), for Emulator.restorePc. */
    saveState() {
        return toUint8Array(this.#java.saveState());
    }

    /**
     * Gives this machine's RAM, zeroed, to the next PC of its size (a reset: no half a second allocating 512 MiB
     * again). Call it after stop(); this machine must not run again.
     */
    recycleMemory() {
        this.#java.recycleMemory();
    }

    /**
     * The machine as a delta against the state it was restored from: RAM chunks the guest has not changed are named
     * by number, not stored, and none is fetched. Emulator.restorePc(delta, {base}) with that state brings it back.
     */
    saveDelta() {
        return toUint8Array(this.#java.saveDelta());
    }

    /**
     * Runs up to `budget` instructions (a PC: cycles) synchronously; returns how many instructions retired.
     * `status` then says why it stopped: "budget", "idle", "halted", "shutdown" or "reset".
     */
    run(budget) {
        const before = this.instructions;
        this.#status = this.#java.run(budget);
        return this.instructions - before;
    }

    get status() {
        return this.#status;
    }

    /** Guest instructions retired since power-on. */
    get instructions() {
        return this.#java.instructions();
    }

    /** Instructions run since this machine was made or restored (a restored one's count starts at the saved one). */
    get sessionInstructions() {
        return this.#java.sessionInstructions();
    }

    /** Of the session's instructions, the ones compiled code ran (0 with the JIT off). */
    get compiledInstructions() {
        return this.#java.compiledInstructions();
    }

    /**
     * The JIT's code-cache counters (null with the JIT off): regions compiled, live, evicted, dropped by writes, and
     * the instructions the interpreter ran by why no compiled code ran them (cold, lukewarm, rewritten, pending, ...),
     * with the `topPages` physical pages it ran most in. `reset`: those interpreter counts start afresh. The interpreter's
     * counts start with the first call.
     */
    jitCounters({ topPages = 0, reset = false } = {}) {
        const json = this.#java.jitCounters(topPages, reset);
        return json == null ? null : JSON.parse(json);
    }

    get running() {
        return this.#running;
    }

    /** Serial input for the guest (COM1 on a PC); wakes a PC idling in HLT. */
    sendSerial(data) {
        this.#java.sendSerial(toInt8Array(typeof data === "string" ? encoder.encode(data) : data));
        this.#wakeUp();
    }

    /** Serial bytes the guest sent since the last call (start() calls it for you). */
    takeSerialOutput() {
        return toUint8Array(this.#java.takeSerialOutput());
    }

    /** Input for the PC's second serial port (COM2, Linux's ttyS1: NodeOS's lab agent); wakes an idle PC. */
    sendCom2(data) {
        this.#java.sendCom2(toInt8Array(typeof data === "string" ? encoder.encode(data) : data));
        this.#wakeUp();
    }

    /** COM2 bytes the guest sent since the last call (start() calls it for you when given onCom2Output). */
    takeCom2Output() {
        return toUint8Array(this.#java.takeCom2Output());
    }

    /**
     * Runs until the guest halts for good, shuts down (triple fault), asks for a reset, fails, or stop() is called.
     * onSerialOutput(Uint8Array) gets the guest's output after each slice (onCom2Output the same for COM2, on a PC);
     * onStop(reason, error) once at the end, with reason "halted", "shutdown", "reset", "stopped" or "error".
     */
    start({ onSerialOutput = () => {}, onCom2Output = null, onStop = () => {}, sliceMillis = 10 } = {}) {
        if (this.#running) {
            throw new Error("machine is already running");
        }
        this.#running = true;
        const generation = ++this.#generation;
        let budget = 10000;
        const finish = (reason, error) => {
            if (generation === this.#generation) {
                this.#running = false;
                this.#wake = null;
            }
            onStop(reason, error);
        };
        const slice = () => {
            if (!this.#running || generation !== this.#generation) {
                finish("stopped");
                return;
            }
            this.#wake = null;
            try {
                const sliceStart = performance.now();
                let now = sliceStart;
                do {
                    const callStart = now;
                    this.run(budget);
                    now = performance.now();
                    // Keep one run() call between an eighth and a half of a slice, whatever the guest does.
                    if (now - callStart < sliceMillis / 8) {
                        budget = Math.min(budget * 2, 5000000);
                    } else if (now - callStart > sliceMillis / 2) {
                        budget = Math.max(budget >> 1, 1000);
                    }
                } while (now - sliceStart < sliceMillis && this.#status === "budget");
                const output = this.takeSerialOutput();
                if (output.length > 0) {
                    onSerialOutput(output);
                }
                if (onCom2Output) {
                    const com2 = this.takeCom2Output();
                    if (com2.length > 0) {
                        onCom2Output(com2);
                    }
                }
            } catch (error) {
                finish("error", error);
                return;
            }
            if (FINAL.has(this.#status)) {
                finish(this.#status);
            } else if (this.#status === "idle") {
                this.#sleep(slice);
            } else {
                yieldToPage(slice);
            }
        };
        yieldToPage(slice);
    }

    /** Asks a running machine to stop after the current slice; onStop then gets "stopped". */
    stop() {
        this.#running = false;
        this.#wakeUp();
    }

    /** An idle PC sleeps until its next timer interrupt, or until serial input or stop() wakes it. */
    #sleep(slice) {
        const millis = this.#java.idleMillis();
        const timer = millis >= 0 ? setTimeout(() => this.#wakeUp(), Math.min(millis, 1000)) : null;
        this.#wake = () => {
            clearTimeout(timer);
            yieldToPage(slice);
        };
    }

    #wakeUp() {
        const wake = this.#wake;
        this.#wake = null;
        if (wake) {
            wake();
        }
    }
}

// A MessageChannel task runs right after the page's pending work, without setTimeout's 4 ms clamp on nested calls.
const channel = new MessageChannel();
const queued = [];
channel.port1.onmessage = () => queued.shift()();

function yieldToPage(callback) {
    queued.push(callback);
    channel.port2.postMessage(null);
}

function toUint8Array(int8) {
    return new Uint8Array(int8.buffer, int8.byteOffset, int8.length);
}

function toInt8Array(bytes) {
    if (bytes instanceof Int8Array) {
        return bytes;
    }
    if (bytes instanceof ArrayBuffer) {
        return new Int8Array(bytes);
    }
    if (ArrayBuffer.isView(bytes)) {
        return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    if (Array.isArray(bytes)) {
        return Int8Array.from(bytes);
    }
    throw new TypeError("expected bytes (Uint8Array, Int8Array, ArrayBuffer or an array of numbers), got " + bytes);
}
