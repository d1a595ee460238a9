// ./lab bench-browser: our emulator and v86 side by side in the same headless Chromium (Debian's), booting the same
// bzImage, initramfs and command line with the same RAM, typing the same commands on the serial console, and
// restoring a state each saved at the prompt. Prints one Markdown table (a row per emulator, median and spread over
// the runs) and writes thesis/data/browser-bench.csv (every run) and .md (the table).
//
//   node bench-browser.mjs --image DIR --web DIR --startup-state DIR [--runs 3] [--out thesis/data] [--only v86]
//       [--jit on|force] [--jit-threshold N] [--jit-entry-threshold N] [--jit-background on|off]
//       [--jit-memory-inline on|off] [--jit-max-modules N] [--jit-page-entries N]
//   (environment BENCH_JS_FLAGS="--no-wasm-tier-up ...": V8 flags for Chromium, to test where time goes)
//
// Rows: v86, ours (the interpreter), ours-jit (ours with compiled guest code, the JIT's WebAssembly back end;
// --jit picks its mode), ours-startup and ours-startup-jit (the site's start-up state restored, without and with);
// on request (--only), ours-jit-now and ours-startup-jit-now: the JIT compiling each module at once, the machine
// waiting, as it did before modules compiled in the background (to measure one against the other in one run).
//
// The log also gives each node -e's guest instructions (both emulators count them: the same guest work) and, with
// the JIT, the modules compiled and their bytes (v86's counted by v86.html as its JIT instantiates them).
//
// Everything is served from one loopback HTTP server that counts the bytes it sends per measurement; each
// measurement runs in a fresh browser context (cold caches). Times are wall-clock on the bench machine: run it on a
// quiet one and read the spread.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const imageDir = args.image ?? path.join(os.homedir(), ".cache/nodeos-lab/nodeos-image");
const webDir = args.web;
const runs = Number(args.runs ?? 3);
const outDir = args.out;
// "ours-startup" restores the start-up state the site ships (no boot): the row a student's visit is.
const only = args.only ? args.only.split(",") : ["v86", "ours", "ours-jit", "ours-startup", "ours-startup-jit"];
const jitMode = args.jit ?? "on";
// --jit-threshold N, --jit-entry-threshold N: the JIT's thresholds (its defaults otherwise).
// --jit-background off: modules compiled at once, the machine waiting (before background compilation).
// --jit-memory-inline off: compiled code reaches guest memory through the helpers (before it did so inline).
const jitBase = `jit=${jitMode}&jit-threshold=${args["jit-threshold"] ?? 0}&jit-entry-threshold=${args["jit-entry-threshold"] ?? 0}`
    + `&jit-memory-inline=${args["jit-memory-inline"] ?? "on"}&jit-max-modules=${args["jit-max-modules"] ?? 0}`
    + `&jit-page-entries=${args["jit-page-entries"] ?? 0}`;
const jitQuery = `${jitBase}&jit-background=${args["jit-background"] ?? "on"}`;
/** The bench page of each of our rows that boots (the start-up rows restore on their namesake's page). */
const PAGES = { ours: "ours.html?jit=off", "ours-jit": `ours.html?${jitQuery}`,
    "ours-jit-now": `ours.html?${jitBase}&jit-background=off` };
const manifest = JSON.parse(fs.readFileSync(path.join(imageDir, "manifest.json"), "utf8"));
const startup = args["startup-state"] ? JSON.parse(fs.readFileSync(path.join(args["startup-state"], "startup.json"), "utf8")) : null;
// The same machine for both: the image's RAM and command line (the start-up state row uses the state's own).
const memoryMiB = Number(args.memory ?? manifest.minMemoryMb ?? 256);
const cmdline = manifest.cmdline;
const PROMPT = /nodeos:\/\$ /;
const LIMIT_MS = Number(args["limit-s"] ?? 1200) * 1000;

const FILES = {
    "/image/bzImage": path.join(imageDir, manifest.kernel.file),
    "/image/initramfs": path.join(imageDir, manifest.initramfs.file),
    "/bios/seabios.bin": "/usr/share/seabios/bios.bin",
    "/bios/vgabios.bin": "/usr/share/seabios/vgabios-stdvga.bin",
    "/ours.html": path.join(here, "ours.html"),
    "/v86.html": path.join(here, "v86.html"),
};
/** The start-up state as the site serves it: its first part (/state/startup.start) and its RAM chunks. */
const SLICES = new Map();
if (startup) {
    const file = path.join(args["startup-state"], startup.file);
    const index = stateIndex(file);
    SLICES.set("/state/startup.start", { file, offset: 0, length: index.eagerEnd });
    index.chunks.forEach((chunk, n) => SLICES.set(`/state/startup-${n}.chunk`, { file, ...chunk }));
}
const FOLDERS = { "/ours/": webDir, "/v86/": path.join(here, "node_modules/v86/build/") };
/** States the pages saved (POST /saved/NAME), kept in memory: {bytes, gzip}. */
const saved = new Map();
let bytesSent = 0;

const server = http.createServer((request, response) => {
    const url = new URL(request.url, "http://x").pathname;
    if (request.method === "POST" && url.startsWith("/saved/")) {
        const chunks = [];
        request.on("data", chunk => chunks.push(chunk));
        request.on("end", () => {
            const bytes = Buffer.concat(chunks);
            // v86 saves RAM as it is; on the wire it goes gzip'd (HTTP compression, undone by the browser), as a site
            // would serve it. Ours is deflated inside its format already.
            saved.set(url, { bytes, gzip: url.endsWith("v86") ? zlib.gzipSync(bytes, { level: 6 }) : null });
            response.end("ok");
        });
        return;
    }
    let file = FILES[url];
    for (const [prefix, dir] of Object.entries(FOLDERS)) {
        if (!file && url.startsWith(prefix) && !url.includes("..")) {
            file = path.join(dir, url.slice(prefix.length));
        }
    }
    const headers = { "Cache-Control": "no-store", "Content-Type": type(url) };
    let body;
    if (saved.has(url)) {
        const state = saved.get(url);
        body = state.gzip ?? state.bytes;
        if (state.gzip) {
            headers["Content-Encoding"] = "gzip";
        }
    } else if (SLICES.has(url)) {
        const { file, offset, length } = SLICES.get(url);
        body = Buffer.alloc(length);
        const fd = fs.openSync(file, "r");
        fs.readSync(fd, body, 0, length, offset);
        fs.closeSync(fd);
    } else if (file && fs.existsSync(file) && fs.statSync(file).isFile()) {
        body = fs.readFileSync(file);
    } else {
        response.writeHead(404).end("not found: " + url);
        return;
    }
    headers["Content-Length"] = body.length;
    bytesSent += body.length;
    response.writeHead(200, headers).end(body);
});

/**
 * Where a machine state's parts are (format 3, emulator/core's MachineState): the header, the zlib head whose "PAGE"
 * section lists each RAM chunk's stored length, then the chunks; the eager ones (what the prompt needs) first.
 */
function stateIndex(file) {
    const bytes = fs.readFileSync(file);
    if (bytes.toString("latin1", 0, 8) !== "NODEOSPC" || bytes.readUInt32BE(8) !== 3) {
        throw new Error(`${file}: not a machine state of format 3`);
    }
    const headLength = bytes.readUInt32BE(12);
    const head = zlib.inflateSync(bytes.subarray(16, 16 + headLength));
    let at = 0;
    while (head.toString("latin1", at, at + 4) !== "PAGE") {
        at += 8 + head.readUInt32BE(at + 4);
    }
    at += 8;
    const chunkCount = head.readUInt32BE(at + 4);
    const eager = head.readUInt32BE(at + 8);
    at += 16;
    const chunks = [];
    let offset = 16 + headLength;
    for (let n = 0; n < chunkCount; n++) {
        const length = head.readUInt32BE(at);
        chunks.push({ offset, length });
        offset += length;
        at += 12 + 4 * head.readUInt32BE(at + 8);
    }
    return { chunks, eagerEnd: eager === 0 ? 16 + headLength : chunks[eager - 1].offset + chunks[eager - 1].length };
}

function type(url) {
    return url.endsWith(".html") ? "text/html" : url.endsWith(".js") || url.endsWith(".mjs") ? "text/javascript"
        : url.endsWith(".wasm") ? "application/wasm" : url.endsWith(".css") ? "text/css" : "application/octet-stream";
}

await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
    executablePath: args.chromium ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", ...(process.env.BENCH_JS_FLAGS ? [`--js-flags=${process.env.BENCH_JS_FLAGS}`] : [])],
});

/**
 * CPU seconds used so far by the browser (every process this script started, the renderers' worker threads
 * included): wall-clock times on a shared machine mean little, CPU time less so.
 */
function browserCpuSeconds() {
    const ticks = 100; // USER_HZ on Linux
    const children = new Map();
    for (const pid of fs.readdirSync("/proc").filter(name => /^\d+$/.test(name))) {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            const ppid = Number(fields[1]);
            const cpu = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
            children.set(Number(pid), { ppid, cpu });
        } catch {
            // gone meanwhile
        }
    }
    let total = 0;
    const mine = new Set([process.pid]);
    let grew = true;
    while (grew) {
        grew = false;
        for (const [pid, info] of children) {
            if (!mine.has(pid) && mine.has(info.ppid)) {
                mine.add(pid);
                total += info.cpu; // utime + stime + the reaped children's (cutime + cstime)
                grew = true;
            }
        }
    }
    return total / ticks;
}

/**
 * A fresh context on the emulator's bench page; the page's window.bench drives the machine (ours.html, v86.html;
 * "ours-jit" is ours.html with compiled guest code on).
 */
async function openPage(emulator) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("pageerror", error => console.error(`${emulator}: page error: ${error.message}`));
    await page.goto(`${base}/${PAGES[emulator] ?? `${emulator}.html`}`);
    return { page, close: () => context.close() };
}

/** Our worker reports its figures (instructions, the JIT's) each second: how long to wait for a fresh report. */
const REPORT_WAIT_MS = 1100;

/** With the JIT on: the share of instructions compiled code ran, its modules and their bytes, as the page last heard. */
async function jitFigures(page, emulator, run, what) {
    await page.waitForTimeout(REPORT_WAIT_MS);
    const jit = await page.evaluate(() => window.bench.jit?.() ?? null);
    if (!jit) {
        return {};
    }
    const figures = { jit_modules: jit.modules, jit_kb: (jit.bytes ?? 0) / 1024 };
    if (jit.compiled === undefined) { // v86: its modules and their bytes only (v86.html counts them)
        console.error(`${emulator} run ${run}: ${jit.status}; ${what}: ${jit.modules} modules (${figures.jit_kb.toFixed(0)} KiB)`);
        return figures;
    }
    Object.assign(figures, { compiled_pct: 100 * jit.compiled / Math.max(1, jit.instructions ?? 0),
        jit_failures: jit.failures, jit_compile_s: (jit.compileMillis ?? 0) / 1000 });
    console.error(`${emulator} run ${run}: ${jit.status}; ${what}: ${figures.compiled_pct.toFixed(1)}% of the instructions`
        + ` ran compiled, ${jit.modules} modules (${figures.jit_kb.toFixed(0)} KiB, ${jit.live} live, ${jit.failures}`
        + ` refused, ${jit.pending ?? 0} compiling), ${figures.jit_compile_s.toFixed(2)} s compiling on the worker's thread,`
        + ` ${((jit.readyMillis ?? 0) / 1000).toFixed(1)} s summed from asking for a module to running it`);
    return figures;
}

/** Waits until the console output since `from` matches `pattern`; returns the time it did (ms, page clock). */
async function waitOutput(page, pattern, from, timeout = LIMIT_MS) {
    const handle = await page.waitForFunction(([source, flags, from]) => {
        const match = new RegExp(source, flags).exec(window.bench.output.slice(from));
        return match ? performance.now() : false;
    }, [pattern.source, pattern.flags, from], { timeout, polling: 50 });
    return handle.jsonValue();
}

/**
 * Types a command line and times it until its output matches `pattern` (s); `counted`, if given, gets the guest
 * instructions from the keystroke to a report after the prompt's return (both emulators count them, read alike).
 */
async function timeCommand(page, command, pattern, counted = null) {
    await page.waitForTimeout(1000); // let the shell settle at its prompt
    const { from, at, before } = await page.evaluate(command => {
        const from = window.bench.output.length;
        const before = window.bench.instructions();
        window.bench.send(command + "\r");
        return { from, at: performance.now(), before };
    }, command);
    const done = await waitOutput(page, pattern, from);
    await waitOutput(page, PROMPT, from); // and the prompt is back
    if (counted) {
        await page.waitForTimeout(REPORT_WAIT_MS); // ours: a report after the guest fell idle at the prompt
        counted.push(await page.evaluate(() => window.bench.instructions()) - before);
    }
    return (done - at) / 1000;
}

async function coldBoot(emulator, run) {
    bytesSent = 0;
    const cpuBefore = browserCpuSeconds();
    const { page, close } = await openPage(emulator);
    try {
        const started = await page.evaluate(options => window.bench.boot(options),
            { kernelUrl: "/image/bzImage", initrdUrl: "/image/initramfs", cmdline, memoryMiB });
        const prompt = await waitOutput(page, PROMPT, 0);
        const instructions = await page.evaluate(() => window.bench.instructions());
        const bootS = (prompt - started.at) / 1000;
        const bootCpu = browserCpuSeconds() - cpuBefore;
        const result = { boot_s: bootS, boot_mips: instructions / bootS / 1e6, boot_cpu_s: bootCpu,
            boot_mips_per_cpu_s: instructions / bootCpu / 1e6, boot_mb: bytesSent / 1e6 };
        const jit = await jitFigures(page, emulator, run, "boot");
        result.boot_compiled_pct = jit.compiled_pct;
        console.error(`${emulator} run ${run}: prompt after ${bootS.toFixed(1)} s, ${(instructions / 1e9).toFixed(2)}e9 instructions`);
        // The state the restore measurement starts from: saved at the prompt, as a site would ship it.
        try {
            await page.evaluate(name => window.bench.saveTo(name), `/saved/${emulator}`);
            const stateBytes = saved.get(`/saved/${emulator}`);
            console.error(`${emulator} run ${run}: state ${(stateBytes.bytes.length / 1e6).toFixed(1)} MB`
                + (stateBytes.gzip ? `, ${(stateBytes.gzip.length / 1e6).toFixed(1)} MB gzip'd` : ""));
        } catch (error) {
            console.error(`${emulator} run ${run}: saving the state failed: ${error.message.split("\n")[0]}`);
            saved.delete(`/saved/${emulator}`);
            return result; // the page may be gone (a renderer crash): no commands on it
        }
        const counted = [];
        result.node_first_s = await timeCommand(page, 'node -e "console.log(6*7)"', /\r?\n42\r?\n/, counted);
        result.node_second_s = await timeCommand(page, 'node -e "console.log(6*7)"', /\r?\n42\r?\n/, counted);
        result.node_version_s = await timeCommand(page, "node --version", /\r?\nv\d+\.\d+\.\d+\r?\n/);
        console.error(`${emulator} run ${run}: node -e ${result.node_first_s.toFixed(1)} s, again ${result.node_second_s.toFixed(1)} s, --version ${result.node_version_s.toFixed(1)} s`
            + ` (node -e: ${counted.map(n => (n / 1e6).toFixed(0) + "M").join(", ")} guest instructions to the prompt and a second after)`);
        Object.assign(result, await jitFigures(page, emulator, run, "boot and node"));
        return result;
    } finally {
        await close();
    }
}

/**
 * From navigation to a prompt that answers a command (and, for ours, from the state's bytes in memory to that answer),
 * then the first node -e (s); the bytes fetched until the answer and after node -e.
 */
async function restore(emulator, stateUrl, run, memory) {
    bytesSent = 0;
    const navigation = Date.now();
    const { page, close } = await openPage(emulator);
    try {
        const navigatedAt = await page.evaluate(() => performance.timeOrigin);
        await page.evaluate(([url, memory]) => window.bench.restore(url, memory), [stateUrl, memory]);
        // ab''cd echoes as typed, answers abcd: only an answer matches.
        const from = await page.evaluate(() => { window.bench.send("echo ab''cd\r"); return window.bench.output.length; });
        const answered = await waitOutput(page, /\r?\nabcd\r?\n/, from);
        const restoreS = (navigatedAt + answered - navigation) / 1000;
        const restoreMb = bytesSent / 1e6;
        // ours.html notes when the worker had the state's bytes and began restoring (v86.html does not).
        const restoring = await page.evaluate(() => window.bench.phases?.restore);
        const promptS = restoring === undefined ? undefined : (answered - restoring) / 1000;
        await waitOutput(page, PROMPT, from);
        const cpuBefore = browserCpuSeconds();
        const nodeS = await timeCommand(page, 'node -e "console.log(6*7)"', /\r?\n42\r?\n/);
        const nodeCpu = browserCpuSeconds() - cpuBefore; // with the idle second timeCommand waits first
        const sessionMb = bytesSent / 1e6;
        console.error(`${emulator} run ${run}: restored from ${stateUrl} in ${restoreS.toFixed(1)} s`
            + (promptS === undefined ? "" : ` (${promptS.toFixed(2)} s from its bytes to an answer)`)
            + ` with ${restoreMb.toFixed(1)} MB fetched, node -e ${nodeS.toFixed(1)} s (browser CPU ${nodeCpu.toFixed(1)} s),`
            + ` ${sessionMb.toFixed(1)} MB by then`);
        const jit = await jitFigures(page, emulator, run, "restore and node");
        // Again: what the code compiled during the first one (and its warmer guest caches) give a second.
        const cpuAgain = browserCpuSeconds();
        const againS = await timeCommand(page, 'node -e "console.log(6*7)"', /\r?\n42\r?\n/);
        const againCpu = browserCpuSeconds() - cpuAgain;
        console.error(`${emulator} run ${run}: node -e again ${againS.toFixed(1)} s (browser CPU ${againCpu.toFixed(1)} s)`);
        await jitFigures(page, emulator, run, "restore and node twice");
        return { restore_s: restoreS, restore_prompt_s: promptS, node_after_restore_s: nodeS,
            node_after_restore_cpu_s: nodeCpu, node_after_restore_again_s: againS, node_after_restore_again_cpu_s: againCpu,
            restore_mb: restoreMb,
            session_mb: sessionMb, restore_compiled_pct: jit.compiled_pct, restore_jit_modules: jit.jit_modules };
    } finally {
        await close();
    }
}

const COLUMNS = ["emulator", "run", "boot_s", "boot_mips", "boot_cpu_s", "boot_mips_per_cpu_s", "node_first_s", "node_second_s", "node_version_s",
    "restore_s", "node_after_restore_s", "boot_mb", "restore_mb", "restore_prompt_s", "session_mb",
    "boot_compiled_pct", "compiled_pct", "jit_modules", "jit_kb", "jit_failures", "jit_compile_s", "restore_compiled_pct",
    "restore_jit_modules", "node_after_restore_cpu_s", "node_after_restore_again_s", "node_after_restore_again_cpu_s"];
const rows = [];
const NAMES = { ours: "NodeOS Lab, interpreter only (jit=off)", v86: "v86 0.5.462 (JIT, SeaBIOS)",
    "ours-jit": `NodeOS Lab, JIT ${jitMode}${jitMode === "on" ? " (the default)" : ""} (WebAssembly back end)`,
    "ours-startup": "NodeOS Lab, the site's start-up state, interpreter only",
    "ours-startup-jit": `NodeOS Lab, the site's start-up state, JIT ${jitMode}`,
    "ours-jit-now": `NodeOS Lab, JIT ${jitMode}, each module compiled at once`,
    "ours-startup-jit-now": `NodeOS Lab, the site's start-up state, JIT ${jitMode}, each module compiled at once` };

// --previous FILE: rows of an earlier, interrupted bench (its CSV) counted with these.
if (args.previous) {
    const [header, ...lines] = fs.readFileSync(args.previous, "utf8").trim().split("\n").map(line => line.split(","));
    for (const line of lines) {
        rows.push(Object.fromEntries(header.map((name, i) => [name, i < 2 ? line[i] : line[i] === "" ? undefined : Number(line[i])])));
    }
}
try {
    for (let run = 1; run <= runs; run++) {
        for (const emulator of only) {
            if (emulator.startsWith("ours-startup")) {
                if (startup) {
                    const page = emulator.replace("-startup", "");
                    rows.push({ emulator, run, ...await attempt(() => restore(page, "/state/startup.start", run, startup.memoryMiB)) });
                }
            } else {
                const row = { emulator, run, ...await attempt(() => coldBoot(emulator, run)) };
                if (saved.has(`/saved/${emulator}`)) {
                    Object.assign(row, await attempt(() => restore(emulator, `/saved/${emulator}`, run, memoryMiB)));
                }
                rows.push(row);
            }
            writeData(rows); // as it goes: a long bench that breaks later keeps what it measured
        }
    }
} finally {
    await browser.close();
    server.close();
}

console.log(markdownTable(rows));
writeData(rows, true);

/** A measurement that failed is reported and left out (its cells stay empty), the bench goes on. */
async function attempt(measure) {
    try {
        return await measure();
    } catch (error) {
        console.error(`measurement failed: ${error.message.split("\n")[0]}`);
        return {};
    }
}

function writeData(rows, last = false) {
    if (!outDir) {
        return;
    }
    const table = markdownTable(rows);
    fs.mkdirSync(outDir, { recursive: true });
    const csv = [COLUMNS.join(","), ...rows.map(r => COLUMNS.map(c => cell(r[c])).join(","))].join("\n") + "\n";
    fs.writeFileSync(path.join(outDir, "browser-bench.csv"), csv);
    fs.writeFileSync(path.join(outDir, "browser-bench.md"), "<!-- written by `./lab bench-browser`; do not edit -->\n\n"
        + table + `\nTable: Our emulator and v86 in the same headless Chromium, same kernel, initramfs, command line and`
        + ` ${memoryMiB} MiB; median of the runs (min–max). ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ""}, load average`
        + ` ${os.loadavg()[0].toFixed(0)} when written.${args.note ? " " + args.note : ""} {#tbl:browser-bench}\n`);
    if (last) {
        console.error(`wrote ${path.join(outDir, "browser-bench.csv")} and .md`);
    }
}

function cell(value) {
    return value === undefined ? "" : typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : String(value);
}

function markdownTable(all) {
    const header = ["emulator", "cold boot to nsh prompt (s)", "guest MIPS during boot", "boot: browser CPU (s)",
        "node -e first (s)",
        "node -e second (s)", "node --version (s)", "navigation to answering prompt (s)",
        "state in memory to answering prompt (s)", "first node -e after restore (s)", "its browser CPU (s)",
        "downloaded: boot / restore until the prompt answers / after node -e (MB)",
        "JIT: instructions run compiled, boot+node / after restore (%); modules (KiB)"];
    const lines = ["| " + header.join(" | ") + " |", "|---|" + "---:|".repeat(header.length - 1)];
    for (const emulator of [...new Set(all.map(r => r.emulator))]) {
        const mine = all.filter(r => r.emulator === emulator);
        const stat = (key, digits = 1) => spread(mine.map(r => r[key]).filter(v => v !== undefined), digits);
        lines.push("| " + [NAMES[emulator] ?? emulator, stat("boot_s"), stat("boot_mips"), stat("boot_cpu_s"), stat("node_first_s"),
            stat("node_second_s"), stat("node_version_s"), stat("restore_s"), stat("restore_prompt_s", 2),
            stat("node_after_restore_s"), stat("node_after_restore_cpu_s"), `${stat("boot_mb")} / ${stat("restore_mb")} / ${stat("session_mb")}`,
            jitCell(mine, stat)].join(" | ") + " |");
    }
    return lines.join("\n") + "\n";
}

/** The JIT's figures of a row: "–" where it was off. */
function jitCell(mine, stat) {
    if (!mine.some(r => r.jit_modules !== undefined || r.restore_jit_modules !== undefined)) {
        return "–";
    }
    const modules = mine.some(r => r.jit_modules !== undefined) ? stat("jit_modules", 0) : stat("restore_jit_modules", 0);
    const kib = mine.some(r => r.jit_kb !== undefined) ? ` (${stat("jit_kb", 0)})` : "";
    return `${stat("compiled_pct")} / ${stat("restore_compiled_pct")}; ${modules}${kib}`;
}

/** "median (min–max)", or "median" for one value, or "–" for none. */
function spread(values, digits) {
    if (values.length === 0) {
        return "–";
    }
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return sorted.length === 1 ? median.toFixed(digits)
        : `${median.toFixed(digits)} (${sorted[0].toFixed(digits)}–${sorted.at(-1).toFixed(digits)})`;
}

function parseArgs(list) {
    const parsed = {};
    for (let i = 0; i < list.length; i++) {
        if (!list[i].startsWith("--")) {
            throw new Error(`unexpected argument ${list[i]}`);
        }
        parsed[list[i].slice(2)] = list[i + 1];
        i++;
    }
    return parsed;
}
