// Guest speed of our emulator in headless Chromium, with Chrome's own CPU profile of the wasm build.
//
//   node profile-browser.mjs --web DIR --startup-state DIR [--image DIR] [--boot-seconds 60] [--profile true]
//       [--boot-instructions N]   (the boot's first N guest instructions instead of --boot-seconds of wall time)
//       [--jit on|force]   (compiled guest code; its modules' functions are summed as "(compiled guest code)")
//       [--jit-memory-inline off]   (compiled code reaches guest memory through the helpers, not inline)
//       [--jit-threshold N] [--jit-entry-threshold N] [--jit-max-modules N]   (the JIT's limits; 0: its defaults)
//       [--jit-batch N]   (regions compiled in the background share modules of up to N functions; default 1)
//       [--jit-page-entries N]   (whole-page modules with the page's entries taken N times; -1 off, 0 the default)
//       [--jit-lookup-sampling N]   (unmarked branch targets looked up one in about N; 1 every one, 0 the default)
//       [--node-runs N]   (node -e N times in a row after the restore, each measured: the 2nd finds the 1st's code)
//       [--profile-run N]   (with --node-runs: which run Chrome's profile is of; default 1)
//       [--counter-pages N]   (with the JIT: the N pages the interpreter ran most in, per measurement; default 8)
//       [--counters false]   (no code-cache counters: counting them costs a little; for timing builds against each other)
//
// Two measurements, each in a fresh page that runs the machine on the page's own thread (nodeos-emulator.js, as
// terminal.html does), so the DevTools protocol's Profiler sees the emulator's wasm functions:
//  1. node: the start-up state restored, then `node -e "console.log(6*7)"` typed; time and guest instructions
//     from the keystroke to "42" (5.3e8 instructions: V8 starting up, a realistic mixed workload);
//  2. boot: the NodeOS kernel and initramfs booted for --boot-seconds of wall time (the kernel unpacking itself
//     and the initramfs: integer code, the issue's "MIPS during the boot").
// Each prints guest MIPS per wall second and per CPU second of the browser's processes (the fairer figure on a
// shared machine), and, with --profile, the functions with the most self time.

import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
    args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
}
const webDir = args.web;
const imageDir = args.image ?? path.join(os.homedir(), ".cache/nodeos-lab/nodeos-image");
const startupDir = args["startup-state"];
const bootSeconds = Number(args["boot-seconds"] ?? 60);
const bootInstructions = Number(args["boot-instructions"] ?? 0);
const profile = args.profile !== "false";
const only = (args.only ?? "node,boot").split(",");
const jit = args.jit ?? "off";
const nodeRuns = Number(args["node-runs"] ?? 1);
const profileStep = Number(args["profile-run"] ?? 1) - 1;
const counterPages = Number(args["counter-pages"] ?? 8);
// --counters false: the code cache's counters are not read (reading them switches on their counting, which costs).
const counters = args.counters !== "false";
const memoryInline = args["jit-memory-inline"] !== "off";
// The JIT's thresholds and live-module cap (0: the browser's defaults).
const jitLimits = { threshold: Number(args["jit-threshold"] ?? 0), entryThreshold: Number(args["jit-entry-threshold"] ?? 0),
    batch: Number(args["jit-batch"] ?? 1), pageEntries: Number(args["jit-page-entries"] ?? 0),
    maxModules: Number(args["jit-max-modules"] ?? 0), lookupSampling: Number(args["jit-lookup-sampling"] ?? 0) };
const manifest = JSON.parse(fs.readFileSync(path.join(imageDir, "manifest.json"), "utf8"));
const startup = JSON.parse(fs.readFileSync(path.join(startupDir, "startup.json"), "utf8"));

const PAGE = `<!doctype html><meta charset="utf-8"><title>profile</title><script type="module">
import { loadEmulator as load, fetchBytes } from "/ours/nodeos-emulator.js";
const decoder = new TextDecoder("latin1");
async function loadEmulator() {
  const emulator = await load();
  window.bench.emulator = emulator;
  window.bench.jit = emulator.configureJit({ mode: ${JSON.stringify(jit)}, memoryInline: ${memoryInline}, ...${JSON.stringify(jitLimits)} });
  return emulator;
}
window.bench = { output: "", machine: null,
  async restore(url) {
    const emulator = await loadEmulator();
    this.machine = emulator.restorePc(await fetchBytes(url), { name: url });
    this.machine.start({ onSerialOutput: b => { this.output += decoder.decode(b); } });
  },
  async boot(cmdline, memoryMiB) {
    const emulator = await loadEmulator();
    this.machine = emulator.createPc({ memoryMiB });
    this.machine.bootLinux(await fetchBytes("/image/bzImage"), await fetchBytes("/image/initramfs"), cmdline);
    this.machine.start({ onSerialOutput: b => { this.output += decoder.decode(b); } });
  },
  send(text) { this.machine.sendSerial(text); },
  instructions() { return this.machine.instructions; },
  compiled() { return this.machine.compiledInstructions; },
};
</script>`;

const FILES = {
    "/image/bzImage": path.join(imageDir, manifest.kernel.file),
    "/image/initramfs": path.join(imageDir, manifest.initramfs.file),
    "/state/startup": path.join(startupDir, startup.file),
};
const server = http.createServer((request, response) => {
    const url = new URL(request.url, "http://x").pathname;
    if (url === "/profile.html") {
        response.writeHead(200, { "Content-Type": "text/html" }).end(PAGE);
        return;
    }
    const file = FILES[url] ?? (url.startsWith("/ours/") && !url.includes("..") ? path.join(webDir, url.slice(6)) : null);
    if (!file || !fs.existsSync(file)) {
        response.writeHead(404).end();
        return;
    }
    const type = url.endsWith(".js") ? "text/javascript" : url.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    response.writeHead(200, { "Content-Type": type }).end(fs.readFileSync(file));
});
await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
    executablePath: args.chromium ?? "/usr/bin/chromium",
    // BENCH_JS_FLAGS="--no-wasm-tier-up ...": V8 flags, to test where time goes (as bench-browser.mjs).
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        ...(process.env.BENCH_JS_FLAGS ? [`--js-flags=${process.env.BENCH_JS_FLAGS}`] : [])],
});

/** CPU seconds of every process descended from this one (the browser's), as bench-browser.mjs counts them. */
function browserCpuSeconds() {
    const info = new Map();
    for (const pid of fs.readdirSync("/proc").filter(name => /^\d+$/.test(name))) {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            info.set(Number(pid), { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
        } catch {
            // gone meanwhile
        }
    }
    const mine = new Set([process.pid]);
    let total = 0;
    for (let grew = true; grew;) {
        grew = false;
        for (const [pid, p] of info) {
            if (!mine.has(pid) && mine.has(p.ppid)) {
                mine.add(pid);
                total += p.cpu;
                grew = true;
            }
        }
    }
    return total / 100;
}

/**
 * Starts a machine in a fresh page ({@code start}), then measures each of {@code steps} ({@code {name, run(page)}},
 * one after the other on that machine): wall and browser CPU seconds, guest instructions, with the JIT the share
 * compiled code ran, the modules compiled meanwhile and the code cache's counters (--counters: where the interpreter
 * ran and why not compiled code); with --profile, Chrome's profile of one step (--profile-run).
 */
async function measure(start, steps) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("pageerror", error => console.error(`${steps[0].name}: page error: ${error.message}`));
    await page.goto(`${base}/profile.html`);
    await page.waitForFunction(() => window.bench);
    await start(page);
    const cdp = await context.newCDPSession(page);
    for (const [index, { name, run }] of steps.entries()) {
        if (profile && index === profileStep) {
            await cdp.send("Profiler.enable");
            await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
            await cdp.send("Profiler.start");
        }
        const sample = () => page.evaluate(topPages => ({ at: performance.now(), instructions: window.bench.instructions(),
            compiled: window.bench.compiled(), modules: window.bench.emulator.jitStats,
            counters: topPages < 0 ? null : window.bench.machine.jitCounters?.({ topPages, reset: true }) }),
            counters ? counterPages : -1);
        const before = await sample();
        const cpu0 = browserCpuSeconds();
        await run(page);
        const cpu = browserCpuSeconds() - cpu0;
        const end = await sample();
        const wall = (end.at - before.at) / 1000;
        const done = end.instructions - before.instructions;
        console.log(`${name}: ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s browser CPU, ${(done / 1e6).toFixed(0)}M instructions:`
            + ` ${(done / wall / 1e6).toFixed(1)} MIPS, ${(done / cpu / 1e6).toFixed(1)} MIPS per CPU second (load ${os.loadavg()[0].toFixed(1)})`);
        if (jit !== "off") {
            const m = end.modules;
            const m0 = before.modules;
            console.log(`${name}: ${await page.evaluate(() => window.bench.jit)}: ${(100 * (end.compiled - before.compiled) / done).toFixed(1)}%`
                + ` of the instructions ran compiled; ${m.modules - m0.modules} modules (${((m.bytes - m0.bytes) / 1024).toFixed(0)} KiB,`
                + ` ${m.failures - m0.failures} refused, ${((m.compileMillis - m0.compileMillis) / 1000).toFixed(2)} s compiling), ${m.modules} so far`);
            if (end.counters) {
                printCounters(name, before.counters, end.counters, done);
            }
        }
        if (profile && index === profileStep) {
            const { profile: p } = await cdp.send("Profiler.stop");
            printTop(p, name);
        }
    }
    await context.close();
}

/** The code cache's counters over one step: regions compiled and dropped, where the interpreter ran and why. */
function printCounters(name, before, after, instructions) {
    const delta = key => after[key] - before[key];
    console.log(`${name}: regions compiled ${delta("compiled")}, live ${after.live}, evicted ${delta("evicted")},`
        + ` dropped by writes ${delta("droppedWritten")}, displaced ${delta("displaced")}, stale ${delta("stale")}, pages rewritten too often ${after.rewrittenPages}`);
    if (after.trips) {
        const trip = key => after.trips[key] - (before.trips?.[key] ?? 0);
        console.log(`${name}: trips: ${trip("entries")} look-ups at the interpreter's branch targets, ${trip("entriesRan")}`
            + ` ran compiled code; chaining exits: ${trip("chainedKnown")} to the remembered region`
            + `${after.trips.chainedInside !== undefined ? ` (${trip("chainedInside")} of them inside wasm)` : ""}, ${trip("chainedFound")}`
            + ` to another (${delta("chainedToOther")} the one remembered before), ${trip("chainsEnded")} to the interpreter (${delta("chainLookUpsSkipped")} without a look-up),`
            + ` ${trip("chainsCut")} cut by the chain's limits`);
        if (after.trips.decodes !== undefined) {
            console.log(`${name}: decoded: ${trip("decodes")} instructions, ${trip("decodeConflicts")} of them into a slot`
                + ` another address's entry held (a conflict)`);
        }
    }
    const reasons = ["cold", "lukewarm", "rewritten", "pending", "noCode", "short", "notRun", "notLooked"];
    const share = n => `${(100 * n / instructions).toFixed(1)}%`;
    console.log(`${name}: interpreted, by why not compiled: ${reasons.filter(r => after[r] > 0)
        .map(r => `${r} ${share(after[r])}`).join(", ")}; in ${after.interpretedPages} pages`);
    if (after.pages.length > 0) {
        console.log(`${name}: pages interpreted most: ${after.pages.map(p => `0x${p.page.toString(16)} ${share(p.interpreted)}`
            + ` (hot ${p.hotness}, ${p.regions} regions${p.rewrites ? `, ${p.rewrites} rewrites` : ""})`).join("; ")}`);
    }
}

function printTop(p, name) {
    const self = new Map();
    const counts = new Map();
    for (const id of p.samples) {
        counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // Every generated module is a script of its own; the emulator's is the wasm script with the most functions.
    const functionsPerScript = new Map();
    for (const node of p.nodes) {
        if (node.callFrame.url.startsWith("wasm://")) {
            const names = functionsPerScript.get(node.callFrame.scriptId) ?? new Set();
            names.add(node.callFrame.functionName);
            functionsPerScript.set(node.callFrame.scriptId, names);
        }
    }
    const emulatorScript = [...functionsPerScript.entries()].sort((a, b) => b[1].size - a[1].size)[0]?.[0];
    let total = 0;
    for (const node of p.nodes) {
        const n = counts.get(node.id) ?? 0;
        const generated = node.callFrame.url.startsWith("wasm://") && node.callFrame.scriptId !== emulatorScript;
        const key = generated ? "(compiled guest code)"
            : node.callFrame.functionName || `(${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber})`;
        self.set(key, (self.get(key) ?? 0) + n);
        total += n;
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top ?? 25));
    console.log(`${name}: self time of ${total} samples`);
    for (const [key, n] of top) {
        console.log(`  ${(100 * n / total).toFixed(1).padStart(5)}%  ${key}`);
    }
    printExports(p, counts, total, emulatorScript, name);
}

/**
 * The site's build has no function names (-Dteavm.minifying=false gives them), but its exports have: the time spent inside each exported function (the JIT's
 * helpers jit_*, the page's entry points), callees included, and in compiled guest code itself.
 */
function printExports(p, counts, total, emulatorScript, name) {
    const exports = exportNames(fs.readFileSync(path.join(webDir, "emulator.wasm")));
    const byId = new Map(p.nodes.map(node => [node.id, node]));
    const parent = new Map();
    for (const node of p.nodes) {
        for (const child of node.children ?? []) {
            parent.set(child, node.id);
        }
    }
    const inclusive = new Map();
    for (const [id, n] of counts) {
        const seen = new Set();
        for (let at = id; at !== undefined; at = parent.get(at)) {
            const frame = byId.get(at).callFrame;
            const index = /^wasm-function\[(\d+)\]$/.exec(frame.functionName)?.[1];
            const key = frame.url.startsWith("wasm://") && frame.scriptId !== emulatorScript ? "(compiled guest code)"
                : frame.scriptId === emulatorScript && exports.has(Number(index)) ? exports.get(Number(index)) : null;
            if (key && !seen.has(key)) {
                seen.add(key);
                inclusive.set(key, (inclusive.get(key) ?? 0) + n);
            }
        }
    }
    console.log(`${name}: time inside the emulator's exports and compiled code (callees included)`);
    for (const [key, n] of [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top ?? 25))) {
        console.log(`  ${(100 * n / total).toFixed(1).padStart(5)}%  ${key}`);
    }
}

/** Function index -> export name, from a wasm module's export section. */
function exportNames(bytes) {
    let at = 8;
    const leb = () => {
        let result = 0, shift = 0, byte;
        do {
            byte = bytes[at++];
            result += (byte & 0x7f) * 2 ** shift;
            shift += 7;
        } while (byte & 0x80);
        return result;
    };
    const names = new Map();
    while (at < bytes.length) {
        const id = bytes[at++];
        const end = leb() + at;
        if (id === 7) {
            for (let count = leb(); count > 0; count--) {
                const length = leb();
                const exportName = bytes.subarray(at, at + length).toString();
                at += length;
                const kind = bytes[at++];
                const index = leb();
                if (kind === 0) {
                    names.set(index, exportName);
                }
            }
        }
        at = end;
    }
    return names;
}

try {
    if (only.includes("node")) {
        // --node-runs N: the same command N times in a row on one machine (the first after the restore, then the
        // code it compiled, or did not, for the next ones).
        const command = page => page.evaluate(() => { window.bench.mark = window.bench.output.length;
            window.bench.send('node -e "console.log(6*7)"\r'); })
            .then(() => page.waitForFunction(() => /\r?\n42\r?\n/.test(window.bench.output.slice(window.bench.mark)), null,
                { timeout: 1200000, polling: 50 }))
            .then(() => page.waitForFunction(() => /nodeos:\/\$ /.test(window.bench.output.slice(window.bench.mark)), null,
                { timeout: 600000, polling: 50 })); // and nsh's prompt is back
        await measure(async page => {
            await page.evaluate(() => window.bench.restore("/state/startup"));
            await page.evaluate(() => window.bench.send("echo ab''cd\r"));
            await page.waitForFunction(() => /abcd\r?\n/.test(window.bench.output), null, { timeout: 600000, polling: 100 });
            await page.waitForTimeout(1000);
        }, Array.from({ length: nodeRuns }, (_, i) => ({
            name: i === 0 ? "node -e after restore" : `node -e after restore, run ${i + 1}`,
            run: command })));
    }
    if (only.includes("boot")) {
        // A fixed stretch of the boot (--boot-instructions) compares builds fairly on a loaded machine, where a
        // fixed wall time reaches a different part of the boot (the kernel's unpacking runs faster than what follows).
        await measure(async page => {
            await page.evaluate(([cmdline, memory]) => window.bench.boot(cmdline, memory), [manifest.cmdline, manifest.minMemoryMb ?? 256]);
        }, [{ name: bootInstructions ? `boot, first ${bootInstructions / 1e6}M instructions` : `boot, first ${bootSeconds} s`,
            run: page => bootInstructions
                ? page.waitForFunction(n => window.bench.instructions() >= n, bootInstructions, { timeout: 1200000, polling: 100 })
                : page.waitForTimeout(bootSeconds * 1000) }]);
    }
} finally {
    await browser.close();
    server.close();
}
