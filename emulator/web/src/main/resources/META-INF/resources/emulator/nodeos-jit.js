// Compiled guest code in the browser: the JS half of the WebAssembly back end of the JIT (emulator/jit-wasm writes
// the modules; emulator/web's org.nodeoslab.emulator.web.jit is the Java half).
//
//   Java (TeaVM)  --host.load(bytes)-->  here: new WebAssembly.Module/Instance (synchronous: fine in a worker, and
//                                        on a page's thread for modules up to 4 KB), its `run` put in the table
//   Java (TeaVM)  --nodeosJit.run(slot, eip, budget)-->  the trampoline module: call_indirect on the table
//                 --> the generated module's run(eip, budget)  --import "jit"."jit_name"-->  TeaVM's export "jit_name"
//
// Every hop of a run is wasm to wasm (no JS frame), and a Java exception thrown by a helper unwinds through the
// generated frames and the trampoline back to the Java code that called run.

/** The trampoline's import name in TeaVM's module: @Import(module = "nodeosJit", name = "run"). */
const IMPORT_MODULE = "nodeosJit";

/** Table slots a first table has; it grows by this many when full (V8 copes with tables far larger). */
const TABLE_STEP = 256;

/**
 * (module "t" "table" funcref) (func (export "run") (param slot i32) (param eip i32) (param budget i32) (result i32)
 *   local.get eip; local.get budget; local.get slot; call_indirect (type (func (param i32 i32) (result i32))))
 */
const TRAMPOLINE = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x0e, 0x02, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // types
    0x02, 0x0d, 0x01, 0x01, 0x74, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x70, 0x00, 0x00,       // import t.table
    0x03, 0x02, 0x01, 0x00,                                                                           // run: type 0
    0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x00,                                             // export run
    0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x00, 0x11, 0x01, 0x00, 0x0b,        // body
]);

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
    /** What has been loaded and refused, for the machine's stats (and the bench's report). */
    stats = { modules: 0, bytes: 0, live: 0, failures: 0, compileMillis: 0 };
    #firstFailure = null;

    constructor() {
        this.#trampoline = new WebAssembly.Instance(new WebAssembly.Module(TRAMPOLINE), { t: { table: this.#table } });
        // The object Java holds (a JitHost): loads a module's bytes into a slot, releases a slot.
        this.host = {
            load: bytes => this.#load(bytes),
            release: slot => this.#release(slot),
            failure: () => this.#firstFailure ?? "",
        };
    }

    /** For TeaVM's loader option installImports: the imports its module declares with @Import(module = "nodeosJit"). */
    installImports(imports) {
        imports[IMPORT_MODULE] = { run: this.#trampoline.exports.run };
    }

    /**
     * TeaVM's WebAssembly.Instance: its function exports named "M_..." (the @Export statics of web.jit, e.g.
     * "jit_read8") are what generated modules import as ("M", "M_..."), e.g. ("jit", "jit_read8").
     */
    attach(instance) {
        const grouped = {};
        for (const [name, value] of Object.entries(instance.exports)) {
            const underscore = name.indexOf("_");
            if (underscore > 0 && typeof value === "function") {
                (grouped[name.slice(0, underscore)] ??= {})[name] = value;
            }
        }
        this.#imports = grouped;
    }

    /** The slot now running the module's export "run", or -1 when the module cannot be compiled or linked. */
    #load(bytes) {
        const started = performance.now();
        try {
            if (!this.#imports) {
                throw new Error("the JIT's host is not attached to the emulator's instance");
            }
            const module = new WebAssembly.Module(bytes);
            const instance = new WebAssembly.Instance(module, this.#imports);
            const run = instance.exports.run;
            if (typeof run !== "function") {
                throw new Error("the module exports no function run");
            }
            const slot = this.#slot();
            this.#table.set(slot, run);
            this.stats.modules++;
            this.stats.live++;
            this.stats.bytes += bytes.length;
            return slot;
        } catch (error) {
            this.stats.failures++;
            if (this.#firstFailure === null) {
                // Logged once: the region stays with the interpreter, and so do later ones that fail the same way.
                this.#firstFailure = `compiled guest code: a module of ${bytes.length} bytes was refused `
                    + `(${error?.message ?? error}); such regions stay with the interpreter`;
                console.warn(this.#firstFailure);
            }
            return -1;
        } finally {
            this.stats.compileMillis += performance.now() - started;
        }
    }

    #slot() {
        if (this.#free.length > 0) {
            return this.#free.pop();
        }
        if (this.#next === this.#table.length) {
            this.#table.grow(TABLE_STEP);
        }
        return this.#next++;
    }

    #release(slot) {
        if (slot >= 0 && slot < this.#next && this.#table.get(slot) !== null) {
            this.#table.set(slot, null); // the instance can now be collected
            this.#free.push(slot);
            this.stats.live--;
        }
    }
}
