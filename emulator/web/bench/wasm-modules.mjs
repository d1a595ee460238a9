// How many generated wasm modules one Chromium worker holds, and what each costs: the question behind the JIT's
// live-module cap (web.jit.BrowserWasmLoader.MAX_MODULES; v86 keeps 900 because a 2018 Chromium crashed above that,
// crbug v8:8427) and behind putting several regions in one module.
//
//   node wasm-modules.mjs [--modules 12000] [--step 1000] [--functions 1] [--chromium /usr/bin/chromium]
//
// A worker compiles (WebAssembly.compile) and instantiates --modules modules one after the other, each importing a
// memory and a function as the JIT's do, with --functions functions of 17 i32 parameters (the JIT's run; about 3 KB
// of code each), every one put in one shared table. Every --step modules it calls every slot once and prints the
// modules so far, the time compiling and instantiating that step, the time calling all, and the browser's memory
// (RSS of its processes) and CPU seconds (all its processes: V8 compiles on its own threads).

import fs from "node:fs";
import { chromium } from "playwright-core";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
    args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
}
const modules = Number(args.modules ?? 12000), step = Number(args.step ?? 1000), functions = Number(args.functions ?? 1);

/** RSS (MiB) and CPU seconds of this process's descendants: the browser we launched. */
function browserUsage() {
    const children = new Map();
    for (const pid of fs.readdirSync("/proc").filter(d => /^\d+$/.test(d))) {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
            const parent = Number(fields[1]);
            (children.get(parent) ?? children.set(parent, []).get(parent))
                .push({ pid: Number(pid), rss, ticks: Number(fields[11]) + Number(fields[12]) });
        } catch {
            // gone meanwhile
        }
    }
    let rss = 0, ticks = 0;
    const todo = [...(children.get(process.pid) ?? [])];
    while (todo.length) {
        const p = todo.pop();
        rss += p.rss;
        ticks += p.ticks;
        todo.push(...(children.get(p.pid) ?? []));
    }
    return { rssMiB: Math.round(rss / 1024), cpuS: ticks / 100 };
}

const WORKER = `
const I32 = 0x7f;
const u32 = n => { const o = []; do { o.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0)); n >>>= 7; } while (n); return o; };
const s32 = n => { const o = []; for (;;) { const b = n & 0x7f; n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { o.push(b); return o; } o.push(b | 0x80); } };
const name = t => [t.length, ...Array.from(t, c => c.charCodeAt(0))];
// Module k: imports jit.memory and jit.h, exports run, run1, ... (17 i32) -> i32: 110 rounds of add, load, xor.
function module(k, functions) {
    const b = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
    const section = (id, c) => b.push(id, ...u32(c.length), ...c);
    section(1, [2, 0x60, 17, ...Array(17).fill(I32), 1, I32, 0x60, 1, I32, 1, I32]);
    section(2, [2, ...name("jit"), ...name("memory"), 0x02, 0x00, 0x01, ...name("jit"), ...name("h"), 0x00, 1]);
    section(3, [functions, ...Array(functions).fill(0)]);
    const exports = [functions];
    for (let f = 0; f < functions; f++) exports.push(...name("run" + (f || "")), 0x00, f + 1);
    section(7, exports);
    const bodies = [functions];
    for (let f = 0; f < functions; f++) {
        const c = [1, 2, I32];
        for (let i = 0; i < 110; i++) {
            c.push(0x20, i % 17, 0x41, ...s32(k * 7 + i + f), 0x6a, 0x20, 17, 0x6a, 0x21, 17,
                0x20, 17, 0x41, ...s32(0xfff0), 0x71, 0x28, 2, ...u32((i * 4) & 1023), 0x20, 18, 0x73, 0x21, 18);
        }
        c.push(0x20, 17, 0x10, 0, 0x20, 18, 0x6a, 0x0b);
        bodies.push(...u32(c.length), ...c);
    }
    section(10, bodies);
    return new Uint8Array(b);
}
onmessage = async ({ data: { modules, step, functions } }) => {
    try {
        const imports = { jit: { memory: new WebAssembly.Memory({ initial: 16 }), h: x => x + 1 } };
        const table = new WebAssembly.Table({ element: "anyfunc", initial: 0 });
        let compileMs = 0, bytes = 0;
        for (let i = 0; i < modules; i++) {
            const code = module(i, functions);
            bytes += code.length;
            const started = performance.now();
            const instance = new WebAssembly.Instance(await WebAssembly.compile(code), imports);
            compileMs += performance.now() - started;
            for (let f = 0; f < functions; f++) {
                table.grow(1);
                table.set(table.length - 1, instance.exports["run" + (f || "")]);
            }
            if ((i + 1) % step === 0) {
                const calling = performance.now();
                for (let s = 0; s < table.length; s++) table.get(s)(...Array(17).fill(s));
                postMessage({ modules: i + 1, slots: table.length, kbPerModule: bytes / (i + 1) / 1024,
                    compileMs, callAllMs: performance.now() - calling });
                compileMs = 0;
            }
        }
        postMessage({ done: true });
    } catch (error) {
        postMessage({ error: String(error) });
    }
};`;

const browser = await chromium.launch({ executablePath: args.chromium ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
try {
    const page = await browser.newPage();
    page.on("crash", () => console.log("the page crashed"));
    const before = browserUsage();
    console.log(`before: ${before.rssMiB} MiB, ${before.cpuS.toFixed(2)} s CPU`);
    await page.exposeFunction("report", m => {
        const now = browserUsage();
        console.log(`${m.modules} modules (${m.slots} table slots, ${m.kbPerModule.toFixed(1)} KB each): this step `
            + `${m.compileMs.toFixed(0)} ms compiling and instantiating, ${m.callAllMs.toFixed(0)} ms calling every slot; `
            + `browser ${now.rssMiB} MiB (+${now.rssMiB - before.rssMiB}), ${(now.cpuS - before.cpuS).toFixed(2)} s CPU`);
    });
    const error = await page.evaluate(({ source, modules, step, functions }) => new Promise(resolve => {
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
        worker.onerror = e => resolve(e.message);
        worker.onmessage = ({ data }) => data.done ? resolve(null) : data.error ? resolve(data.error) : window.report(data);
        worker.postMessage({ modules, step, functions });
    }), { source: WORKER, modules, step, functions });
    if (error) {
        console.log(`stopped: ${error}`);
        process.exitCode = 1;
    }
} finally {
    await browser.close();
}
