// The emulator page (/emulator/): mounts emulator-web's terminal on the NodeOS image the server names in
// #emulator's data attributes, and shows boot progress: the status, the guest's speed, instructions retired,
// when the first serial byte came, and which boot stages the console has shown (each stage's data-text).
// Save state downloads the machine; Restore state continues from such a file.

import { mountTerminal } from "/emulator/nodeos-terminal.js";

const section = document.getElementById("emulator");
const screen = document.getElementById("emulator-terminal");
const statusLine = document.getElementById("emulator-status");
const speed = document.getElementById("emulator-speed");
const saveButton = document.getElementById("emulator-save");
const restoreFile = document.getElementById("emulator-restore-file");
const stages = [...document.querySelectorAll("#boot-stages li")];
const loaded = performance.now();

let current = null; // { machine, terminal } of the running machine

function markStage(name) {
    for (const stage of stages) {
        if (stage.dataset.stage === name) {
            stage.classList.add("done");
        }
    }
}

function onStatus(text) {
    statusLine.textContent = text;
    section.dataset.status = text;
    if (text.startsWith("loading /")) {
        markStage("emulator");
    } else if (text === "running") {
        markStage("emulator");
        markStage("image");
    }
}

/** Watches what xterm.js parsed: the first byte's time, and the boot stages' marker lines. */
function watchConsole(terminal) {
    let scanned = 0;
    terminal.onWriteParsed(() => {
        if (!section.dataset.firstSerialMs) {
            const ms = Math.round(performance.now() - loaded);
            section.dataset.firstSerialMs = String(ms);
            document.getElementById("emulator-first-byte").textContent = "after " + (ms / 1000).toFixed(1) + " s";
        }
        const buffer = terminal.buffer.active;
        const last = buffer.length;
        for (let row = Math.max(0, scanned - 1); row < last; row++) {
            const text = buffer.getLine(row)?.translateToString(true) ?? "";
            for (const stage of stages) {
                if (stage.dataset.text && text.includes(stage.dataset.text)) {
                    stage.classList.add("done");
                }
            }
        }
        scanned = last;
    });
}

function showFigures() {
    document.getElementById("emulator-elapsed").textContent = ((performance.now() - loaded) / 1000).toFixed(0) + " s";
    if (current) {
        const count = current.machine.instructions;
        document.getElementById("emulator-instructions").textContent = count.toLocaleString("en");
        section.dataset.instructions = String(count);
    }
}

async function boot(options) {
    screen.replaceChildren();
    saveButton.disabled = true;
    current = await mountTerminal(screen, { ...options, onStatus, onSpeed: mips => speed.textContent = mips.toFixed(1) + " MIPS" });
    watchConsole(current.terminal);
    saveButton.disabled = false;
}

saveButton.addEventListener("click", () => {
    const state = current.machine.saveState();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([state], { type: "application/octet-stream" }));
    link.download = "nodeos-pc.state";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
});

restoreFile.addEventListener("change", async () => {
    const file = restoreFile.files[0];
    if (!file) {
        return;
    }
    if (current) {
        current.machine.stop();
        current.terminal.dispose();
        current = null;
    }
    const url = URL.createObjectURL(file);
    try {
        await boot({ stateUrl: url });
    } catch {
        // mountTerminal shows the error in the status line and the terminal
    } finally {
        URL.revokeObjectURL(url);
        restoreFile.value = "";
    }
});

setInterval(showFigures, 500);
boot({
    kernelUrl: section.dataset.kernel,
    initrdUrl: section.dataset.initrd,
    cmdline: section.dataset.cmdline,
    memoryMiB: Number(section.dataset.memory),
}).catch(() => {}); // mountTerminal shows the error in the status line and the terminal
