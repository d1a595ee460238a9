// Compiled guest code in the browser: the JS half of the WebAssembly back end of the JIT (emulator/jit-wasm writes
// the modules; emulator/web's org.nodeoslab.emulator.web.jit is the Java half).
//
//   Java (TeaVM)  --host.loadInBackground(bytes)-->  here: a table slot at once; WebAssembly.compile (V8 compiles on
//                 its own threads while the machine runs on), then, between two time slices, the instance's `run` put
//                 in the slot and TeaVM's export jitModuleReady(slot) called: from then on Java runs it
//   Java (TeaVM)  --host.reserve() per region, then host.loadBatchInBackground(bytes, slots)-->  the same for a
//                 module of several regions' functions ("run", "run1", ...), each put in its slot (the "on" mode:
//                 jit-wasm batches the regions that became hot in one time slice, up to 8 per module)
//   Java (TeaVM)  --host.load(bytes)-->  the same at once, new WebAssembly.Module/Instance (forced mode, the probe;
//                                        synchronous: fine in a worker, and on a page's thread for modules up to 4 KB)
//   Java (TeaVM)  --nodeosJit.runWithRegisters(slot, eip, budget, eax..edi)-->  the trampoline module:
//                 call_indirect on the table --> the generated module's run(eip, budget, eax..edi)
//                 --import "jit"."jit_name"-->  TeaVM's export "jit_name"
//                 --call_indirect on the same table ("jit"."table")-->  the next region's run (a hop, jit-wasm)
//   (nodeosJit.run(slot, eip, budget) calls a two-parameter run the same way: JitProbe's module)
//
// Every hop of a run is wasm to wasm (no JS frame), and a Java exception thrown by a helper unwinds through the
// generated frames and the trampoline back to the Java code that called run.

/** The trampolines' import module in TeaVM's module: @Import(module = "nodeosJit", name = one of TRAMPOLINES). */
const IMPORT_MODULE = "nodeosJit";

/** Table slots a first table has; it grows by this many when full (V8 copes with tables far larger). */
const TABLE_STEP = 256;

/** Modules compiling in the background at once; the others wait their turn (a burst of hot code must not swamp V8). */
const MAX_IN_FLIGHT = 4;

/**
 * The trampoline module: (import "t" "table" (table funcref)) and an export per kind of generated module's run, each
 * calling a slot of the table with its parameters after the slot:
 *   (func (export "run") (param slot eip budget) (result i32)
 *     eip budget slot call_indirect (type (func (param i32 x 2) (result i32))))
 *   "runWithRegisters" (slot, eip, budget, eax..edi): modules whose run takes the guest registers (jit-wasm's
 *     passesRegisters);
 *   "runWithMemory" (slot, eip, budget, eax..edi, access, fsBase, gsBase, ram, readTlb, writeTlb, codePages,
 *     carried, pending, pa, pb): modules that reach guest memory inline in the emulator's memory (jit-wasm's
 *     inlinesMemory; the last four are what a module hopping to another carries, 0 from Java).
 * One table holds every kind: call_indirect checks the slot's type on every call.
 */
const TRAMPOLINES = { run: 2, runWithRegisters: 10, runWithMemory: 21 };
const TRAMPOLINE = trampolineModule();

function trampolineModule() {
    const I32 = 0x7f;
    const bytes = [];
    const u32 = n => { const out = []; do { out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0)); n >>>= 7; } while (n); return out; };
    const section = (id, content) => bytes.push(id, ...u32(content.length), ...content);
    const name = text => [text.length, ...Array.from(text, c => c.charCodeAt(0))];
    const type = params => [0x60, params, ...Array(params).fill(I32), 0x01, I32];
    // A body passing its parameters 1..n on, then calling the slot (parameter 0) with type `callee`.
    const body = (n, callee) => {
        const code = [0x00]; // no locals
        for (let p = 1; p <= n; p++) {
            code.push(0x20, p); // local.get p
        }
        code.push(0x20, 0x00, 0x11, callee, 0x00, 0x0b); // local.get slot; call_indirect callee, table 0; end
        return [...u32(code.length), ...code];
    };
    const kinds = Object.entries(TRAMPOLINES);
    // Types 2k (the trampoline: slot + n) and 2k + 1 (the generated run: n), for kind k.
    bytes.push(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
    section(1, [kinds.length * 2, ...kinds.flatMap(([, n]) => [...type(n + 1), ...type(n)])]);
    section(2, [0x01, ...name("t"), ...name("table"), 0x01, 0x70, 0x00, 0x00]);     // import t.table
    section(3, [kinds.length, ...kinds.map((_, k) => 2 * k)]);
    section(7, [kinds.length, ...kinds.flatMap(([export_], k) => [...name(export_), 0x00, k])]);
    section(10, [kinds.length, ...kinds.flatMap(([, n], k) => body(n, 2 * k + 1))]);
    return new Uint8Array(bytes);
}

/**
 * One emulator instance's compiled code: the table, the trampoline, and the host object the Java loader calls.
 * Create it before TeaVM's module is instantiated (its installImports supplies the trampoline), attach TeaVM's
 * instance after.
 */
export class WasmJit {
    #table = new WebAssembly.Table({ element: "anyfunc", initial: TABLE_STEP });
    #free = [];
    #next = 0;
    #trampoline;
    /** Import objects for generated modules: TeaVM's function exports named "M_rest" as {M: {M_rest: function}}. */
    #imports = null;
    /**
     * Per slot: the load that owns it (a number, 0 when free). A background compile finishing for a slot released
     * (and perhaps reused) meanwhile is dropped.
     */
    #owner = [];
    #loads = 0;
    /** Background compiles waiting for their turn ({slot, owner, bytes}), and how many are running. */
    #queue = [];
    #inFlight = 0;
    /** Slots whose module is still compiling (or waiting to). */
    #pending = new Set();
    /**
     * What has been loaded and refused, for the machine's stats (and the bench's report): `live` slots in use
     * (`pending` of them still compiling), `reused` loads that took a released slot, `compileMillis` time the worker's
     * thread spent compiling and instantiating, `readyMillis` summed time from a background load to its module ready.
     */
    stats = { modules: 0, bytes: 0, live: 0, pending: 0, reused: 0, failures: 0, compileMillis: 0, readyMillis: 0,
        tableSize: TABLE_STEP };
    #firstFailure = null;
    /** Called with a slot whose background compile is done and in the table (nodeos-emulator.js: TeaVM's export). */
    onReady = () => {};

    constructor() {
        this.#trampoline = new WebAssembly.Instance(new WebAssembly.Module(TRAMPOLINE), { t: { table: this.#table } });
        // The object Java holds (a JitHost): loads a module's bytes into a slot, releases a slot.
        this.host = {
            load: bytes => this.#load(bytes),
            loadInBackground: bytes => this.#loadInBackground(bytes),
            reserve: () => this.#reserve(),
            loadBatchInBackground: (bytes, slots) => this.#loadBatchInBackground(bytes, slots),
            release: slot => this.#release(slot),
            failure: () => this.#firstFailure ?? "",
            hasMemory: () => !!this.memory,
        };
    }

    /** For TeaVM's loader option installImports: the imports its module declares with @Import(module = "nodeosJit"). */
    installImports(imports) {
        imports[IMPORT_MODULE] = Object.fromEntries(Object.keys(TRAMPOLINES).map(k => [k, this.#trampoline.exports[k]]));
    }

    /**
     * TeaVM's linear memory (WebAssembly.Memory), where machines keep guest RAM, the TLBs and the code-page flags
     * (core's LinearLayout gives the addresses): for generated modules that reach them inline. Set by attach.
     */
    memory = null;

    /**
     * TeaVM's WebAssembly.Instance: its function exports named "M_..." (the @Export statics of web.jit, e.g.
     * "jit_read8") are what generated modules import as ("M", "M_..."), e.g. ("jit", "jit_read8"); and its memory.
     */
    attach(instance, memory) {
        this.memory = memory;
        const grouped = {};
        for (const [name, value] of Object.entries(instance.exports)) {
            const underscore = name.indexOf("_");
            if (underscore > 0 && typeof value === "function") {
                (grouped[name.slice(0, underscore)] ??= {})[name] = value;
            }
        }
        if (memory) {
            (grouped.jit ??= {}).memory = memory; // ("jit", "memory"): jit-wasm's WasmImports.MEMORY
        }
        // ("jit", "table"): jit-wasm's WasmImports.TABLE, the table of every module's run (slot = handle), for the
        // modules that go on into the next region themselves (call_indirect) instead of returning to Java.
        (grouped.jit ??= {}).table = this.#table;
        this.#imports = grouped;
    }

    /** The slot now running the module's export "run", or -1 when the module cannot be compiled or linked. */
    #load(bytes) {
        const started = performance.now();
        try {
            this.#attached();
            const run = this.#instantiate(new WebAssembly.Module(bytes));
            const slot = this.#slot();
            this.#table.set(slot, run);
            this.#loaded(bytes);
            return slot;
        } catch (error) {
            this.#refused(bytes, error);
            return -1;
        } finally {
            this.stats.compileMillis += performance.now() - started;
        }
    }

    /** A slot at once; its module compiles in the background and goes in when ready (then onReady(slot)). */
    #loadInBackground(bytes) {
        try {
            this.#attached();
        } catch (error) {
            this.#refused(bytes, error);
            return -1;
        }
        const slot = this.#reserve();
        this.#queue.push({ slots: [slot], owners: [this.#owner[slot]], bytes, queued: performance.now() });
        this.#startCompiles();
        return slot;
    }

    /** A slot for a function that comes later in a batch (loadBatchInBackground); empty and pending until then. */
    #reserve() {
        const slot = this.#slot();
        this.#pending.add(slot);
        this.stats.pending = this.#pending.size;
        return slot;
    }

    /**
     * A module of several functions, the i-th (exported "run", "run1", ...) for slots[i] (each reserved): compiled in
     * the background, then each goes in its slot unless released meanwhile (then onReady(slot) for each).
     */
    #loadBatchInBackground(bytes, slots) {
        try {
            this.#attached();
        } catch (error) {
            this.#refused(bytes, error);
            return;
        }
        const list = Array.from(slots);
        this.#queue.push({ slots: list, owners: list.map(slot => this.#owner[slot]), bytes, queued: performance.now() });
        this.#startCompiles();
    }

    /** True while some slot of the job is still owned by the load that asked for it. */
    #wanted(job) {
        return job.slots.some((slot, i) => this.#owner[slot] === job.owners[i]);
    }

    #startCompiles() {
        while (this.#inFlight < MAX_IN_FLIGHT && this.#queue.length > 0) {
            const job = this.#queue.shift();
            if (!this.#wanted(job)) {
                continue; // released before its turn came
            }
            this.#inFlight++;
            WebAssembly.compile(job.bytes).then(module => this.#compiled(job, module), error => this.#compiled(job,
                null, error)).finally(() => {
                this.#inFlight--;
                this.#startCompiles();
            });
        }
    }

    /** A background compile is done: its functions go in their slots, unless a slot was released meanwhile. */
    #compiled(job, module, error) {
        if (!this.#wanted(job)) {
            return; // all released while compiling: the module is garbage
        }
        const started = performance.now();
        try {
            if (!module) {
                throw error;
            }
            const exports = new WebAssembly.Instance(module, this.#imports).exports;
            const ready = [];
            job.slots.forEach((slot, i) => {
                if (this.#owner[slot] !== job.owners[i]) {
                    return; // released meanwhile (perhaps reused): not this function's any more
                }
                const run = exports[i === 0 ? "run" : `run${i}`];
                if (typeof run !== "function") {
                    throw new Error(`the module exports no function run${i === 0 ? "" : i}`);
                }
                this.#table.set(slot, run);
                this.#pending.delete(slot);
                ready.push(slot);
            });
            this.stats.pending = this.#pending.size;
            this.#loaded(job.bytes);
            this.stats.readyMillis += started - job.queued;
            ready.forEach(slot => this.onReady(slot));
        } catch (failure) {
            // The slots stay taken and empty: Java never runs them (the regions stay with the interpreter) and
            // releases each when the code cache drops its region.
            job.slots.forEach(slot => this.#pending.delete(slot));
            this.stats.pending = this.#pending.size;
            this.#refused(job.bytes, failure);
        } finally {
            this.stats.compileMillis += performance.now() - started;
        }
    }

    #attached() {
        if (!this.#imports) {
            throw new Error("the JIT's host is not attached to the emulator's instance");
        }
    }

    #instantiate(module) {
        const run = new WebAssembly.Instance(module, this.#imports).exports.run;
        if (typeof run !== "function") {
            throw new Error("the module exports no function run");
        }
        return run;
    }

    #loaded(bytes) {
        this.stats.modules++;
        this.stats.bytes += bytes.length;
    }

    #refused(bytes, error) {
        this.stats.failures++;
        if (this.#firstFailure === null) {
            // Logged once: the region stays with the interpreter, and so do later ones that fail the same way.
            this.#firstFailure = `compiled guest code: a module of ${bytes.length} bytes was refused `
                + `(${error?.message ?? error}); such regions stay with the interpreter`;
            console.warn(this.#firstFailure);
        }
    }

    /** A free slot, owned by a new load from now on (released slots first: the table stays as small as can be). */
    #slot() {
        let slot;
        if (this.#free.length > 0) {
            slot = this.#free.pop();
            this.stats.reused++;
        } else {
            if (this.#next === this.#table.length) {
                this.#table.grow(TABLE_STEP);
                this.stats.tableSize = this.#table.length;
            }
            slot = this.#next++;
        }
        this.#owner[slot] = ++this.#loads;
        this.stats.live++;
        return slot;
    }

    #release(slot) {
        if (slot >= 0 && slot < this.#next && this.#owner[slot]) {
            this.#pending.delete(slot); // a compile still running for it is dropped when done
            this.stats.pending = this.#pending.size;
            this.#owner[slot] = 0;
            this.#table.set(slot, null); // the instance can now be collected
            this.#free.push(slot);
            this.stats.live--;
        }
    }
}
