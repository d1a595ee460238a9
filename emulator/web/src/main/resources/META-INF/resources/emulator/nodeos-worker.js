// The emulated PC's home: a module Web Worker that loads emulator.wasm, builds the machine (from a saved state, or by
// booting a kernel) and runs it, so the page's thread only draws the terminal. nodeos-machine.js starts it and is
// the only thing that speaks its messages; pages use that module's API, never these messages.
//
// page -> worker: {op, id, ...}; the worker answers each with {type: "reply", id, result} or {type: "reply", id,
// error}. Unasked, it posts {type: "progress", phase, loaded, total}, {type: "com1" | "com2", bytes},
// {type: "stats", instructions, session, compiled, jit, running, downloaded, waited} each second, and
// {type: "stop", reason, error, cpu}
// when the guest stops.
//
// A start-up state is fetched in parts (nodeos-chunks.js): NAME.start before the machine runs, its RAM chunks as
// the guest touches them and, right after the start, those a first session needs in the background.

import { loadEmulator } from "./nodeos-emulator.js";
import { fetchCached, fetchWithProgress, decompressIfPacked } from "./nodeos-download.js";
import { StateChunks } from "./nodeos-chunks.js";

let emulator = null;
/** The running machine (nodeos-emulator.js's Machine) and where it came from. */
let machine = null;
/** The start-up state's bytes (uncompressed) and, for a state fetched in parts, its RAM chunks: kept for reset(). */
let startupState = null;
let startupChunks = null;
/** Whether the running machine's RAM refers to the start-up state (restored from it, or from a save on it). */
let onStartup = false;
/** The RAM chunks the running machine may still ask for (null: it has all its RAM). */
let chunks = null;
/** Bytes of state and RAM chunks fetched for machines so far (from the network or the browser's caches). */
let downloaded = 0;
let paused = false;
/** The state's download started by init(), for load(): {url, bytes: Promise<Uint8Array>}. */
let early = null;

const post = (message, transfer = []) => self.postMessage(message, transfer);
const progress = (phase, loaded = 0, total = 0) => post({ type: "progress", phase, loaded, total });

const OPS = {
    /**
     * Loads emulator.wasm (`wasmUrl` is absolute: the page resolves it). Given the `stateUrl` that load() will ask for,
     * its download starts beside the emulator's; given `memoryMiB`, the machine's RAM is allocated once the emulator
     * is in (half a second for 512 MiB), while the state may still be arriving, so the restore does not wait for it.
     * `jit` ({mode, threshold, ...}, see nodeos-emulator.js's configureJit) switches compiled guest code on.
     */
    async init({ wasmUrl, stateUrl, startup = false, memoryMiB, jit }) {
        if (stateUrl) {
            early = { url: stateUrl, bytes: downloadState(stateUrl, startup) };
            early.bytes.catch(() => {}); // load() reports a failure; until then it is not unhandled
        }
        progress("emulator");
        emulator = await loadEmulator(wasmUrl);
        const jitStatus = jit ? emulator.configureJit(jit) : "jit off";
        if (memoryMiB) {
            emulator.allocateAhead(memoryMiB);
        }
        return { ok: true, jit: jitStatus };
    },

    /**
     * Builds the machine and starts it: from `stateUrl` or `stateBytes` (gzip or plain) or else by booting
     * `boot` ({kernelUrl, initrdUrl, cmdline, memoryMiB}). `startup: true` keeps the state for reset().
     * A state that does not fit this emulator is refused with its message; with `boot` given, the worker then boots.
     * Both `stateUrl` and `stateBytes`: a saved machine (`stateBytes`, a delta of the state at `stateUrl` or a whole
     * state) continues on that state; if it cannot (a delta of another state, damaged), the state at `stateUrl` runs
     * instead and `savedRefused` says why.
     */
    async load({ stateUrl, stateBytes, stateName, boot, startup = false }) {
        stopMachine();
        onStartup = false;
        let refused = null;
        let savedRefused = null;
        if (stateUrl || stateBytes) {
            const name = stateName ?? stateUrl ?? "machine state";
            // A download that fails is an error naming it (below, no boot instead); a state that does not fit is not.
            const state = stateUrl ? await fetchState(stateUrl, stateBytes ? "the start-up state" : name, startup)
                : { bytes: await decompressIfPacked(new Uint8Array(stateBytes), name,
                    loaded => progress("decompress", loaded, 0)), parts: null };
            try {
                if (stateUrl && stateBytes) {
                    try {
                        const saved = await decompressIfPacked(new Uint8Array(stateBytes), name, () => {});
                        machine = restore(saved, name, state.parts, state.bytes);
                    } catch (error) {
                        savedRefused = error.message;
                        machine = restore(state.bytes, "the start-up state", state.parts);
                    }
                } else {
                    machine = restore(state.bytes, name, state.parts);
                }
                keepForReset(state, startup);
                onStartup = startup && Boolean(stateUrl);
            } catch (error) {
                if (!boot) {
                    throw error;
                }
                refused = error.message;
            }
        }
        if (!machine) {
            if (!boot) {
                throw new Error("nothing to run: give a state or a kernel to boot");
            }
            machine = await bootMachine(boot);
        }
        runMachine();
        return { source: refused ? "boot" : stateUrl || stateBytes ? "state" : "boot", refused, savedRefused };
    },

    /** Back to the start-up state (the one loaded with startup: true). */
    async reset() {
        if (!startupState) {
            throw new Error("there is no start-up state to go back to (the machine was booted)");
        }
        const old = machine;
        stopMachine();
        old?.recycleMemory(); // the fresh machine takes its RAM, zeroed, instead of allocating it again
        machine = restore(startupState, "start-up state", startupChunks);
        onStartup = true;
        runMachine();
        return { ok: true };
    },

    com1({ data }) {
        machine?.sendSerial(data);
    },

    com2({ data }) {
        machine?.sendCom2(data);
    },

    pause() {
        paused = true;
        machine?.stop();
        return { paused };
    },

    resume() {
        paused = false;
        if (machine && !machine.running) {
            runMachine();
        }
        return { paused };
    },

    /**
     * `delta: true` and a machine on the start-up state: a delta against that state (what load() continues from with
     * that stateUrl), nothing fetched. Else:
     * the whole machine, as bytes nodeos-emu and restore() read; taken between two slices. A machine started from a
     * state fetched in parts first fetches the RAM chunks it has not needed yet: a saved state is complete.
     */
    async saveState({ delta = false }) {
        if (!machine) {
            throw new Error("no machine to save");
        }
        if (delta && onStartup) {
            // Against the start-up state it runs on: no chunk fetched; reload restores it on that state.
            const bytes = machine.saveDelta();
            return { bytes: bytes.buffer.byteLength === bytes.length ? bytes : bytes.slice() };
        }
        if (chunks) {
            // No progress message: that is the machine's start (a page shows it as such); the caller says it saves.
            await chunks.prefetch(machine.chunksToFetch());
        }
        const bytes = machine.saveState();
        return { bytes: bytes.buffer.byteLength === bytes.length ? bytes : bytes.slice() };
    },
};

/**
 * The state at `url` (the download init() started, if it is that one), unpacked: {bytes, parts}, `parts` the
 * StateChunks giving the RAM chunks of a state served in parts (NAME.start), kept in Cache Storage for a start-up state.
 */
async function fetchState(url, name, startup) {
    let bytes = early?.url === url ? await early.bytes : await downloadState(url, startup);
    early = null;
    downloaded += bytes.length;
    bytes = await decompressIfPacked(bytes, name, loaded => progress("decompress", loaded, 0));
    progress("restore", bytes.length, bytes.length);
    const parts = StateChunks.isStartUrl(url) ? new StateChunks(url, {
        onBytes: n => { downloaded += n; }, cacheName: startup ? "nodeos-lab-startup-chunks" : null }) : null;
    await parts?.loadCached();
    return { bytes, parts };
}

function keepForReset({ bytes, parts }, startup) {
    if (startup) {
        startupState = bytes;
        startupChunks = parts;
    }
}

/** The state at `url`, with progress; the start-up state's address names its content, so it is kept in Cache Storage. */
function downloadState(url, startup) {
    const downloading = (loaded, total) => progress("download", loaded, total);
    return startup ? fetchCached(url, "nodeos-lab-startup-state", downloading) : fetchWithProgress(url, downloading);
}

/**
 * A machine from a state's bytes; `parts` (StateChunks) gives the RAM chunks a start-up state's first part lacks.
 * With `base` (that start-up state's first part), `bytes` is a saved machine on it (a delta or a whole state).
 */
function restore(bytes, name, parts, base = null) {
    const restored = base ? emulator.restorePc(bytes, { name, base: { state: base, name: "the start-up state",
        chunks: parts?.get ?? (n => `the start-up state has no RAM chunk ${n} here`) } })
        : emulator.restorePc(bytes, { name, chunks: parts?.get });
    chunks = parts;
    if (parts) {
        // What a first session needs, in the background: the guest then seldom waits for a download.
        parts.prefetch(restored.chunksToFetch({ hotOnly: true })).catch(() => {
            // A chunk the guest touches is fetched again then, and its failure stops the machine with its URL.
        });
    }
    return restored;
}

async function bootMachine({ kernelUrl, initrdUrl, cmdline, memoryMiB = 256 }) {
    let kernelLoaded = 0, initrdLoaded = 0, kernelTotal = 0, initrdTotal = 0;
    const report = () => progress("download", kernelLoaded + initrdLoaded, kernelTotal + initrdTotal);
    const [kernel, initrd] = await Promise.all([
        fetchWithProgress(kernelUrl, (loaded, total) => { kernelLoaded = loaded; kernelTotal = total; report(); }),
        initrdUrl ? fetchWithProgress(initrdUrl, (loaded, total) => { initrdLoaded = loaded; initrdTotal = total; report(); })
            : null,
    ]);
    progress("boot");
    chunks = null;
    const pc = emulator.createPc({ memoryMiB });
    pc.bootLinux(kernel, initrd, cmdline, { kernelName: kernelUrl, initrdName: initrdUrl ?? "initrd" });
    return pc;
}

function stopMachine() {
    if (machine) {
        machine.stop();
        machine.releaseCompiledCode(); // its modules and table slots go back to the JIT for the next machine
        machine = null;
    }
}

function runMachine() {
    if (paused) {
        post({ type: "stop", reason: "paused" });
        return;
    }
    const running = machine;
    progress("running");
    running.start({
        sliceMillis: 20,
        onSerialOutput: bytes => post({ type: "com1", bytes }, [bytes.buffer]),
        onCom2Output: bytes => post({ type: "com2", bytes }, [bytes.buffer]),
        onStop: (reason, error) => {
            if (running !== machine) {
                return; // replaced by reset() or load(): not news for the page
            }
            const stopped = reason === "stopped" && paused ? "paused" : reason;
            const cpu = reason === "shutdown" || reason === "error" ? safely(() => running.describeCpu()) : undefined;
            post({ type: "stop", reason: stopped, error: error?.message, cpu });
        },
    });
}

function safely(f) {
    try {
        return f();
    } catch (error) {
        return String(error);
    }
}

setInterval(() => {
    if (machine) {
        post({ type: "stats", instructions: machine.instructions, session: machine.sessionInstructions,
            compiled: machine.compiledInstructions,
            jit: emulator.jitStats, running: machine.running, downloaded, waited: chunks?.waited ?? 0 });
    }
}, 1000);

self.onmessage = async ({ data }) => {
    const { op, id } = data;
    try {
        const handler = OPS[op];
        if (!handler) {
            throw new Error("unknown operation " + op);
        }
        const result = await handler(data);
        if (id !== undefined) {
            const transfer = result?.bytes ? [result.bytes.buffer] : [];
            post({ type: "reply", id, result }, transfer);
        }
    } catch (error) {
        if (id !== undefined) {
            post({ type: "reply", id, error: error?.message ?? String(error) });
        } else {
            post({ type: "stop", reason: "error", error: error?.message ?? String(error) });
        }
    }
};
