// The emulator page (/emulator/): NodeOS in a Web Worker (emulator-web's nodeos-machine.js, imported from the
// content-hashed folder #emulator's data-emulator names), xterm.js on its console, and the machine's controls.
// It starts from the machine saved in this browser (IndexedDB) if there is one, else from the site's start-up state
// (data-state), else it boots the kernel (data-kernel, data-initrd, data-cmdline); a state that cannot be used is
// said so and the next way is taken.

import { MachineStore } from "/js/machine-store.js";

const section = document.getElementById("emulator");
const assets = section.dataset.emulator;
const { startMachine, browserSupport } = await import(assets + "nodeos-machine.js");
const { attachTerminal } = await import(assets + "nodeos-terminal.js");

const screen = document.getElementById("emulator-terminal");
const statusLine = document.getElementById("emulator-status");
const progressBar = document.getElementById("emulator-progress");
const speed = document.getElementById("emulator-speed");
const message = document.getElementById("emulator-message");
const controls = {
    pause: document.getElementById("emulator-pause"),
    reset: document.getElementById("emulator-reset"),
    save: document.getElementById("emulator-save"),
    forget: document.getElementById("emulator-forget"),
    download: document.getElementById("emulator-download"),
    get: document.getElementById("emulator-get"),
};
const uploadInput = document.getElementById("emulator-upload");
const putInput = document.getElementById("emulator-put");
const stages = [...document.querySelectorAll("#boot-stages li")];
const store = new MachineStore();

/**
 * The page's figures, also read by tests and the bench (window.nodeosPage): when the machine was ready, the longest
 * task the page's thread ran before that (module and wasm loading) and after it (while the guest runs).
 */
const figures = { readyMs: null, longestStartTaskMs: 0, longestTaskMs: 0, source: null, phases: [] };
window.nodeosPage = figures;

let machine = null;
let view = null; // attachTerminal's {terminal, dispose}

// The page's own thread must never stall while the guest runs: the longest task it ran is shown and measured.
if (PerformanceObserver.supportedEntryTypes?.includes("longtask")) {
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) {
            const key = figures.readyMs === null || entry.startTime < figures.readyMs ? "longestStartTaskMs" : "longestTaskMs";
            figures[key] = Math.max(figures[key], Math.round(entry.duration));
        }
        document.getElementById("emulator-longest-task").textContent = figures.longestTaskMs + " ms";
    }).observe({ type: "longtask", buffered: true });
}

const PHASES = {
    emulator: () => "loading the emulator",
    download: (loaded, total) => `downloading the machine: ${mb(loaded)}${total ? " of " + mb(total) : ""}`,
    decompress: loaded => `unpacking the machine: ${mb(loaded)}`,
    restore: () => "restoring the machine",
    boot: () => "booting Linux from scratch (minutes: the kernel's first line comes after about 2.3 billion instructions)",
    running: () => "running",
};

function mb(bytes) {
    return (bytes / 1048576).toFixed(1) + " MB";
}

function setStatus(text) {
    statusLine.textContent = text;
    section.dataset.status = text;
}

function onProgress({ phase, loaded, total, message: why }) {
    figures.phases.push({ phase, at: Math.round(performance.now()), loaded });
    if (phase === "refused") {
        say(`The saved machine could not be used (${why}). Booting Linux from scratch instead: this takes minutes.`);
        return;
    }
    setStatus(PHASES[phase]?.(loaded, total) ?? phase);
    progressBar.hidden = phase === "running" || phase === "boot";
    if (phase === "download" && total) {
        progressBar.max = total;
        progressBar.value = loaded;
    } else if (phase === "download" || phase === "decompress" || phase === "emulator") {
        progressBar.removeAttribute("value"); // indeterminate
    } else {
        progressBar.max = 1;
        progressBar.value = 1;
    }
    if (phase === "boot") {
        document.getElementById("boot-stages").hidden = false;
    }
}

function say(text) {
    message.textContent = text;
    message.hidden = !text;
}

function setControls(enabled) {
    for (const button of Object.values(controls)) {
        button.disabled = !enabled;
    }
}

/** The ways to start, in order; each is tried when the one before cannot be used. */
async function start({ preferSaved = true } = {}) {
    setControls(false);
    const saved = preferSaved ? await store.load().catch(() => null) : null;
    controls.forget.hidden = !(saved || await store.has().catch(() => false));
    const boot = section.dataset.kernel ? {
        kernelUrl: section.dataset.kernel, initrdUrl: section.dataset.initrd,
        cmdline: section.dataset.cmdline, memoryMiB: Number(section.dataset.memory),
    } : undefined;
    if (saved) {
        try {
            await run({ stateBytes: saved.bytes, stateName: "the machine saved in this browser" });
            say(`This is the machine you saved in this browser on ${new Date(saved.savedAt).toLocaleString()}. `
                + "Reset starts a fresh one; Forget saved deletes it.");
            return;
        } catch (error) {
            say(`The machine saved in this browser could not be restored (${error.message}); starting a fresh one.`);
        }
    }
    if (section.dataset.state) {
        await run({ stateUrl: section.dataset.state, boot, screen: section.dataset.screen });
    } else {
        await run({ boot });
        say("No start-up state was built for this site, so Linux boots from scratch: this takes minutes.");
    }
}

/**
 * Compiled guest code (the JIT's WebAssembly back end) is on by default; ?jit=off runs the interpreter alone (the
 * kill switch), ?jit=force compiles every block at once. The speed line says what share of the instructions it ran.
 */
function jitOption() {
    const mode = new URLSearchParams(location.search).get("jit");
    return mode ? { mode } : undefined;
}

async function run({ screen: savedScreen, ...options }) {
    stop();
    const started = await startMachine({ ...options, jit: jitOption(), onProgress });
    machine = started;
    figures.source = machine.source;
    window.nodeosMachine = machine; // for tests, the bench and the curious (the API of nodeos-machine.js)
    view = attachTerminal(screen, machine);
    if (savedScreen && machine.source === "state") {
        // What the console showed when the state was saved: the prompt is there at once, as it is in the machine.
        view.terminal.write(screenText(savedScreen));
    }
    quietKernel(machine);
    figures.readyMs ??= Math.round(performance.now());
    document.getElementById("emulator-ready").textContent = (figures.readyMs / 1000).toFixed(1) + " s";
    watchConsole(view.terminal);
    machine.onStats(({ instructions, mips, session, compiled }) => {
        speed.textContent = mips === null ? "" : mips.toFixed(1) + " MIPS"
            + (compiled > 0 ? `, ${(100 * compiled / session).toFixed(0)}% compiled` : "");
        section.dataset.instructions = String(instructions);
        document.getElementById("emulator-instructions").textContent = instructions.toLocaleString("en");
    });
    machine.onStatus((status, { error, cpu }) => {
        setStatus(STATUS[status] ?? status);
        controls.pause.textContent = status === "paused" ? "Resume" : "Pause";
        if (error || cpu) {
            view.terminal.write(`\r\n\x1b[31m[${STATUS[status] ?? status}${error ? ": " + error : ""}]\x1b[0m\r\n`);
            if (cpu) {
                view.terminal.write(cpu.replaceAll("\n", "\r\n") + "\r\n");
            }
        }
    });
    setControls(true);
    setStatus("running");
}

/**
 * The console as the state builder saw it, from NodeOS's welcome on (the kernel's boot messages before it are
 * noise to a student; `dmesg` has them). An HTML attribute keeps line feeds but not carriage returns.
 */
function screenText(saved) {
    const welcome = saved.lastIndexOf("Welcome to NodeOS");
    return (welcome >= 0 ? saved.slice(welcome) : saved).replace(/\r?\n/g, "\r\n");
}

/**
 * A kernel message would land in the middle of the reader's prompt: only emergencies go to the console from now on;
 * `dmesg` still shows everything. (None is expected: EmulatorStartupBrowserTest checks the log stays quiet.)
 */
function quietKernel(running) {
    running.runInGuest("dmesg -n 1", { timeoutMs: 60000 }).catch(() => {});
}

const STATUS = {
    running: "running",
    paused: "paused: press Resume to go on",
    halted: "the machine powered off: press Reset to start again",
    shutdown: "the machine crashed (triple fault): press Reset to start again",
    reset: "the guest asked for a reboot: press Reset to start again",
    error: "emulator error",
};

function stop() {
    view?.dispose();
    view = null;
    machine?.terminate();
    machine = null;
}

/** Ticks off the boot stages (shown only when booting) as their marker lines appear on the console. */
function watchConsole(terminal) {
    let scanned = 0;
    terminal.onWriteParsed(() => {
        const buffer = terminal.buffer.active;
        for (let row = Math.max(0, scanned - 1); row < buffer.length; row++) {
            const text = buffer.getLine(row)?.translateToString(true) ?? "";
            for (const stage of stages) {
                if (stage.dataset.text && text.includes(stage.dataset.text)) {
                    stage.classList.add("done");
                }
            }
        }
        scanned = buffer.length;
    });
}

/** Runs `action` with the controls off, showing its failure in the message line. */
async function busy(what, action) {
    setControls(false);
    try {
        await action();
    } catch (error) {
        say(`${what} failed: ${error.message}`);
    } finally {
        if (machine) {
            setControls(true);
        }
    }
}

function downloadBlob(bytes, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

controls.pause.addEventListener("click", () => busy("Pause", async () => {
    if (machine.status === "paused") {
        await machine.resume();
    } else {
        await machine.pause();
    }
}));

controls.reset.addEventListener("click", () => busy("Reset", async () => {
    say("");
    view.terminal.reset();
    try {
        await machine.reset();
        if (section.dataset.screen) {
            view.terminal.write(screenText(section.dataset.screen));
        }
        quietKernel(machine);
    } catch {
        await start({ preferSaved: false }); // started from a saved machine or a boot: fetch the start-up state
    }
    view.terminal.focus();
}));

controls.save.addEventListener("click", () => busy("Saving", async () => {
    const bytes = await machine.saveState();
    await store.save(bytes);
    controls.forget.hidden = false;
    say(`Saved (${mb(bytes.length)}) in this browser: reload the page and you are back here.`);
}));

controls.forget.addEventListener("click", () => busy("Forgetting", async () => {
    await store.forget();
    controls.forget.hidden = true;
    say("The saved machine is deleted from this browser; the one running here goes on.");
}));

controls.download.addEventListener("click", () => busy("Download", async () => {
    downloadBlob(await machine.saveState(), "nodeos-machine.state");
}));

uploadInput.addEventListener("change", () => busy("Upload", async () => {
    const file = uploadInput.files[0];
    uploadInput.value = "";
    if (file) {
        await machine.restoreState(new Uint8Array(await file.arrayBuffer()), { name: file.name });
        view.terminal.reset();
        say(`Continuing from ${file.name}. Press Enter for a prompt.`);
    }
}));

putInput.addEventListener("change", () => busy("Put file", async () => {
    const file = putInput.files[0];
    putInput.value = "";
    if (file) {
        const path = "/home/nodeos/" + file.name.replace(/[^A-Za-z0-9._-]/g, "_");
        say(`Copying ${file.name} into the machine…`);
        await machine.putFile(path, new Uint8Array(await file.arrayBuffer()));
        say(`${file.name} is now ${path.replace("/home/nodeos", "") } in the machine (your home folder).`);
    }
}));

controls.get.addEventListener("click", () => busy("Get file", async () => {
    const name = prompt("Which file? (a path in the machine, e.g. /hello.js for a file in your home folder)");
    if (name) {
        const path = name.startsWith("/home/") ? name : "/home/nodeos" + (name.startsWith("/") ? "" : "/") + name;
        downloadBlob(await machine.getFile(path), path.split("/").pop());
    }
}));

for (const button of document.querySelectorAll(".type-it")) {
    button.addEventListener("click", () => {
        if (machine) {
            machine.write(button.dataset.command + "\r");
            view?.terminal.focus();
        }
    });
}

const support = browserSupport();
if (support !== true) {
    setStatus("this browser cannot run the emulator");
    say(`This page needs a newer browser: ${support}.`);
} else {
    start().catch(error => {
        setStatus("could not start: " + error.message);
        say(`The machine could not start: ${error.message}`);
        progressBar.hidden = true;
    });
}
