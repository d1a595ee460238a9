// NodeOS Lab's x86 emulator in the browser: the Java emulator compiled by TeaVM to WebAssembly GC, wrapped for pages.
//
//   import { loadEmulator } from "/emulator/nodeos-emulator.js";
//   const emulator = await loadEmulator();            // fetches and compiles emulator.wasm once
//   const machine = emulator.createMachine(16);       // 16 MiB of RAM, CPU in real mode after reset
//   machine.load(0x1000, bytes);                      // Uint8Array | Int8Array | ArrayBuffer | number[]
//   machine.enterFlat32(0x1000, 0x80000);             // or setRegister("cs", ...) and stay in real mode
//   machine.start({ onSerialOutput: bytes => ..., onStop: reason => ... });
//   machine.sendSerial("ls\n");                       // string or bytes, to the guest's console
//
// start() runs the CPU in slices of about `sliceMillis` and yields to the page between them, so the page stays
// responsive; run(n) runs synchronously (tests, benchmarks). Serial output is polled after every slice.

import { load } from "./emulator.wasm-runtime.js";

const encoder = new TextEncoder();

/** Loads the WebAssembly module. `wasmUrl` defaults to emulator.wasm beside this file. */
export async function loadEmulator(wasmUrl = new URL("emulator.wasm", import.meta.url).href) {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.Tag === "undefined") {
        throw new Error("this browser lacks WebAssembly GC and exception handling (Chrome 119+, Firefox 120+ needed)");
    }
    const teavm = await load(wasmUrl);
    return new Emulator(teavm.exports);
}

class Emulator {
    #exports;

    constructor(exports) {
        this.#exports = exports;
    }

    /** A bare machine: CPU, `ramMiB` MiB of RAM and a console on port 0xE9 (the serial callbacks see it). */
    createMachine(ramMiB) {
        return new Machine(this.#exports.createMachine(ramMiB));
    }
}

export const REGISTERS = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags",
    "es", "cs", "ss", "ds", "fs", "gs", "cr0", "cr2", "cr3", "cr4"];

export class Machine {
    #java;
    #running = false;
    #instructions = 0;

    constructor(java) {
        this.#java = java;
    }

    load(address, bytes) {
        this.#java.load(address, toInt8Array(bytes));
    }

    /** A copy of `length` bytes of RAM at `address`. */
    read(address, length) {
        const bytes = this.#java.read(address, length);
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
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

    /** Every register by name (unsigned), for display. */
    registers() {
        const all = {};
        for (const name of REGISTERS) {
            all[name] = this.getRegister(name);
        }
        return all;
    }

    /** Runs up to `maxInstructions` synchronously; returns how many retired. */
    run(maxInstructions) {
        const retired = this.#java.run(maxInstructions);
        this.#instructions += retired;
        return retired;
    }

    /** Guest instructions retired so far (through run and start). */
    get instructions() {
        return this.#instructions;
    }

    get halted() {
        return this.#java.isHalted();
    }

    get shutdown() {
        return this.#java.isShutdown();
    }

    get running() {
        return this.#running;
    }

    sendSerial(data) {
        this.#java.sendSerial(toInt8Array(typeof data === "string" ? encoder.encode(data) : data));
    }

    /** Serial bytes the guest sent since the last call (start() calls it for you). */
    takeSerialOutput() {
        const bytes = this.#java.takeSerialOutput();
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }

    /**
     * Runs until the CPU halts with nothing to wake it, shuts down (triple fault), fails, or stop() is called.
     * onSerialOutput(Uint8Array) gets the guest's output after each slice; onStop(reason, error) once at the end,
     * reason one of "halted", "shutdown", "stopped", "error". A halted bare machine has nothing to wake it, so
     * halting ends the run.
     */
    start({ onSerialOutput = () => {}, onStop = () => {}, sliceMillis = 10 } = {}) {
        if (this.#running) {
            throw new Error("machine is already running");
        }
        this.#running = true;
        let chunk = 10000;
        const finish = (reason, error) => {
            this.#running = false;
            onStop(reason, error);
        };
        const slice = () => {
            if (!this.#running) {
                finish("stopped");
                return;
            }
            try {
                const sliceStart = performance.now();
                let now = sliceStart;
                while (now - sliceStart < sliceMillis && !this.halted && !this.shutdown) {
                    const callStart = now;
                    this.run(chunk);
                    now = performance.now();
                    // Keep one run() call between an eighth and a half of a slice, whatever the guest does.
                    if (now - callStart < sliceMillis / 8) {
                        chunk = Math.min(chunk * 2, 5000000);
                    } else if (now - callStart > sliceMillis / 2) {
                        chunk = Math.max(chunk >> 1, 1000);
                    }
                }
                const output = this.takeSerialOutput();
                if (output.length > 0) {
                    onSerialOutput(output);
                }
            } catch (error) {
                finish("error", error);
                return;
            }
            if (this.shutdown) {
                finish("shutdown");
            } else if (this.halted) {
                finish("halted");
            } else {
                yieldToPage(slice);
            }
        };
        yieldToPage(slice);
    }

    /** Asks a running machine to stop after the current slice; onStop then gets "stopped". */
    stop() {
        this.#running = false;
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
