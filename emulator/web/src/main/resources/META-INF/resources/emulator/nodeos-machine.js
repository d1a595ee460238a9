// NodeOS in a page: the emulated PC runs in a Web Worker (nodeos-worker.js), so the page never waits for it.
// This is the API other pages use (the emulator page, the lab pages); see emulator/web/README.md.
//
//   import { startMachine } from "/emulator/<version>/nodeos-machine.js";
//   const machine = await startMachine({
//       stateUrl: "/emulator/state/<hash>.start",                 // the start-up state: NodeOS at its prompt
//                                                                  // (its RAM chunks: <hash>-N.chunk, as needed)
//       boot: { kernelUrl, initrdUrl, cmdline, memoryMiB: 256 },   // booted instead when the state cannot be used
//       onProgress: ({ phase, loaded, total }) => ...,             // emulator, download, decompress, restore, boot
//   });
//   machine.onOutput(bytes => terminal.write(bytes));             // COM1, the student's console
//   machine.write("ls\r");
//   const { status, output } = await machine.runInGuest("node -e 'console.log(6*7)'", { timeoutMs: 60000 });
//   await machine.putFile("/home/nodeos/hello.js", "console.log('hi')\n");
//   const bytes = await machine.getFile("/etc/hostname");
//   await machine.pause(); await machine.resume();
//   const state = await machine.saveState(); await machine.restoreState(state); await machine.reset();

import { AgentClient } from "./nodeos-agent.js";

export { AgentError } from "./nodeos-agent.js";

const encoder = new TextEncoder();

/**
 * True when this browser can run the emulator (WebAssembly GC and exception handling: Chrome 119+, Firefox 120+,
 * Safari 18.2+); otherwise a sentence saying what is missing.
 */
export function browserSupport() {
    if (typeof WebAssembly !== "object") {
        return "this browser has no WebAssembly";
    }
    // The smallest module using a GC type: (module (type (struct))). Validation says whether GC is there.
    const gcModule = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 3, 1, 95, 0]);
    if (!WebAssembly.validate(gcModule) || typeof WebAssembly.Tag === "undefined") {
        return "this browser lacks WebAssembly GC (Chrome or Edge 119+, Firefox 120+, Safari 18.2+ have it)";
    }
    if (typeof Worker === "undefined") {
        return "this browser has no Web Workers";
    }
    return true;
}

/**
 * Starts the worker, loads emulator.wasm and builds the machine: from `stateUrl` or `stateBytes` (a saved state,
 * plain or gzip), or by booting `boot` ({kernelUrl, initrdUrl, cmdline, memoryMiB}). With both, `stateBytes` is a
 * machine saved on the start-up state at `stateUrl` (saveState({delta: true})), which continues on it; if it cannot,
 * the start-up state runs and `machine.savedRefused` says why. With both, a state the
 * emulator refuses (another emulator version, a damaged file) is reported through onProgress({phase: "refused",
 * message}) and the machine boots instead. `startup: true` (the default when a stateUrl is given) makes that state
 * the one reset() returns to. `memoryMiB` (default boot.memoryMiB) is the RAM of the machine to come: it is allocated
 * while the state downloads (half a second for 512 MiB). `jit` ({mode: "off" | "on" | "force", threshold,
 * entryThreshold, maxInstructions}; default {mode: "on"}: compiled guest code, the JIT's WebAssembly back end, which
 * `./lab bench-browser` measures ahead of the interpreter on every row; {mode: "off"} is the kill switch) picks what
 * runs the guest's code; `machine.jit` then says what is in force (a browser whose path into compiled code fails its
 * self-test runs the interpreter, and says why). Rejects with an Error whose message a student can read (no WebAssembly GC, a download that failed, ...).
 */
export async function startMachine({ stateUrl, stateBytes, stateName, boot, startup = Boolean(stateUrl),
    memoryMiB = boot?.memoryMiB, jit = { mode: "on" }, onProgress = () => {} } = {}) {
    const support = browserSupport();
    if (support !== true) {
        throw new Error(support);
    }
    const machine = new RemoteMachine(new Worker(new URL("nodeos-worker.js", import.meta.url), { type: "module" }),
        onProgress);
    try {
        const absoluteStateUrl = stateUrl && new URL(stateUrl, location.href).href;
        // The state downloads while the emulator loads, and the RAM is allocated meanwhile.
        const { jit: jitStatus } = await machine.call("init", { wasmUrl: new URL("emulator.wasm", import.meta.url).href,
            stateUrl: absoluteStateUrl, startup, memoryMiB, jit });
        machine.jit = jitStatus;
        const { source, refused, savedRefused } = await machine.call("load", {
            stateUrl: absoluteStateUrl,
            stateBytes, stateName,
            boot: boot && { ...boot, kernelUrl: absolute(boot.kernelUrl), initrdUrl: absolute(boot.initrdUrl) },
            startup,
        });
        machine.started(source, refused, savedRefused);
    } catch (error) {
        machine.terminate();
        throw error;
    }
    return machine;
}

function absolute(url) {
    return url && new URL(url, location.href).href;
}

/** The machine in its worker, as the page holds it. Every method that talks to the worker returns a promise. */
export class RemoteMachine {
    #worker;
    #onProgress;
    #calls = new Map();
    #nextCall = 1;
    #listeners = { output: new Set(), stop: new Set(), stats: new Set(), status: new Set() };
    #status = "starting";
    #instructions = 0;
    /** When the last stats arrived (performance.now()), or null before the first: MIPS need two reports. */
    #statsAt = null;
    #source = null;
    #savedRefused = null;
    /** The lab agent on COM2; runInGuest, putFile and getFile below go through it. */
    agent;
    /** What compiled guest code does: "jit off", "jit on threshold 20000/20000", ... (startMachine's `jit`). */
    jit = "jit off";

    constructor(worker, onProgress) {
        this.#worker = worker;
        this.#onProgress = onProgress;
        this.agent = new AgentClient(bytes => this.#post({ op: "com2", data: bytes }));
        worker.onmessage = ({ data }) => this.#message(data);
        worker.onerror = event => {
            event.preventDefault?.();
            this.#fail(new Error("the emulator's worker failed: " + (event.message || "it could not be loaded")));
        };
    }

    /** "state" when the machine came from a saved state, "boot" when it booted from the kernel. */
    get source() {
        return this.#source;
    }

    /**
     * Given both a saved machine (`stateBytes`) and its start-up state (`stateUrl`): null when the saved machine runs,
     * else why it could not (a delta of another start-up state, a damaged save); the start-up state runs instead.
     */
    get savedRefused() {
        return this.#savedRefused;
    }

    /** "starting", "running", "paused", or why it stopped ("halted", "shutdown", "reset", "error"). */
    get status() {
        return this.#status;
    }

    /** Guest instructions retired, as of the worker's last report (every second). */
    get instructions() {
        return this.#instructions;
    }

    /** f(Uint8Array) for each piece of the guest's console output (COM1). Returns a function that unsubscribes. */
    onOutput(f) {
        return this.#subscribe("output", f);
    }

    /** f(status, detail) when the status changes; detail {error, cpu} when the guest stopped on an error. */
    onStatus(f) {
        return this.#subscribe("status", f);
    }

    /**
     * f({instructions, mips, downloaded, waited, session, compiled, jit}) every second while the worker lives: `mips` the guest rate since the
     * last report (null on the first, and after a reset or restore), `downloaded` bytes of state
     * fetched so far, `waited` RAM chunks the guest had to wait for (not fetched in the background in time),
     * `session` the instructions run since this machine was made or restored, `compiled` those compiled code ran,
     * and `jit` its modules ({modules, bytes, live, failures, compileMillis}).
     */
    onStats(f) {
        return this.#subscribe("stats", f);
    }

    /** Console input (COM1): a string (UTF-8) or bytes; what the student types. */
    write(data) {
        this.#post({ op: "com1", data: typeof data === "string" ? encoder.encode(data) : data });
    }

    /** See AgentClient.runInGuest: {status, output} of a shell command run as root inside the guest. */
    runInGuest(command, options) {
        return this.agent.runInGuest(command, options);
    }

    putFile(path, data, options) {
        return this.agent.putFile(path, data, options);
    }

    getFile(path, options) {
        return this.agent.getFile(path, options);
    }

    async pause() {
        await this.call("pause");
        this.#setStatus("paused");
    }

    async resume() {
        await this.call("resume");
        this.#setStatus("running");
    }

    /**
     * The whole machine (CPU, devices, RAM) as bytes, for restoreState, a file, or IndexedDB. `delta: true`, for a
     * machine on its start-up state: only what differs from that state (RAM chunks the guest changed), fetching
     * nothing; startMachine({stateUrl, stateBytes}) with the same start-up state continues from it. (A booted machine
     * or one from other bytes is saved whole.)
     */
    async saveState({ delta = false } = {}) {
        const { bytes } = await this.call("saveState", { delta });
        return bytes;
    }

    /** Continues from saved bytes (plain or gzip); a state this emulator cannot use is refused, the machine kept. */
    async restoreState(bytes, { name = "saved state" } = {}) {
        const copy = bytes instanceof Uint8Array ? bytes.slice() : new Uint8Array(bytes);
        this.agent.reset();
        await this.call("load", { stateBytes: copy, stateName: name }, [copy.buffer]);
        this.#setStatus("running");
    }

    /** Back to the start-up state, as if the page had just been opened. */
    async reset() {
        this.agent.reset();
        await this.call("reset");
        this.#setStatus("running");
    }

    /** Ends the worker and with it the machine. */
    terminate() {
        this.#worker.terminate();
        this.#setStatus("terminated");
        this.agent.reset();
    }

    /** @internal a request to the worker; resolves with its result. */
    call(op, args = {}, transfer = []) {
        const id = this.#nextCall++;
        return new Promise((resolve, reject) => {
            this.#calls.set(id, { resolve, reject });
            this.#worker.postMessage({ ...args, op, id }, transfer);
        });
    }

    /** @internal */
    started(source, refused, savedRefused = null) {
        this.#source = source;
        this.#savedRefused = savedRefused;
        if (refused) {
            this.#onProgress({ phase: "refused", message: refused });
        }
        this.#setStatus("running");
    }

    #post(message) {
        this.#worker.postMessage(message);
    }

    #message(data) {
        switch (data.type) {
            case "reply": {
                const call = this.#calls.get(data.id);
                this.#calls.delete(data.id);
                if (data.error !== undefined) {
                    call?.reject(new Error(data.error));
                } else {
                    call?.resolve(data.result);
                }
                break;
            }
            case "progress":
                this.#onProgress({ phase: data.phase, loaded: data.loaded, total: data.total });
                break;
            case "com1":
                this.#emit("output", data.bytes);
                break;
            case "com2":
                this.agent.receive(data.bytes);
                break;
            case "stats": {
                // A rate needs two reports: the first one after a restore carries every instruction the saved
                // machine ever ran, and a reset or restore makes the count jump; those report no rate (null).
                const now = performance.now();
                const retired = data.instructions - this.#instructions;
                const mips = this.#statsAt === null || retired < 0 ? null : retired / 1e3 / Math.max(1, now - this.#statsAt);
                this.#statsAt = now;
                this.#instructions = data.instructions;
                this.#emit("stats", { instructions: data.instructions, mips, downloaded: data.downloaded,
                    waited: data.waited, session: data.session, compiled: data.compiled, jit: data.jit });
                break;
            }
            case "stop":
                if (data.reason !== "paused") {
                    this.#setStatus(data.reason, { error: data.error, cpu: data.cpu });
                }
                break;
        }
    }

    #fail(error) {
        for (const call of this.#calls.values()) {
            call.reject(error);
        }
        this.#calls.clear();
        this.#setStatus("error", { error: error.message });
    }

    #setStatus(status, detail = {}) {
        this.#status = status;
        this.#emit("status", status, detail);
    }

    #subscribe(kind, f) {
        this.#listeners[kind].add(f);
        return () => this.#listeners[kind].delete(f);
    }

    #emit(kind, ...args) {
        for (const f of this.#listeners[kind]) {
            f(...args);
        }
    }
}
