// A serial terminal on the emulated PC: xterm.js shows COM1 and types into it. The site embeds it with
//
//   import { mountTerminal } from "/emulator/nodeos-terminal.js";
//   const { machine } = await mountTerminal(element, {
//     kernelUrl: "/images/bzImage", initrdUrl: "/images/initramfs.cpio.gz", cmdline: "console=ttyS0",
//   });
//
// or with { stateUrl } to continue a saved machine (nodeos-emu --state-out), or { programUrl } to run a flat
// 32-bit program at 0x10000 (lab exercises). terminal.html beside this file does the same from its query string.
// The page needs /emulator/xterm/css/xterm.css.
//
// mountTerminal runs the machine on the page's own thread (terminal.html, the tests' small guest programs).
// NodeOS itself runs in a worker: attachTerminal(element, machine) puts xterm.js on a nodeos-machine.js machine.

import { Terminal } from "./xterm/lib/xterm.js";
import { FitAddon } from "./xterm/lib/addon-fit.js";
import { loadEmulator, fetchBytes } from "./nodeos-emulator.js";

/** The terminal's look: a dark screen, ANSI colours a little softer than xterm's defaults, a visible cursor. */
export const TERMINAL_OPTIONS = {
    cursorBlink: true,
    cursorStyle: "block",
    scrollback: 5000,
    fontSize: 14,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    // At a line height of 1, DejaVu Sans Mono's underscore falls below the cell and is not drawn ("/node modules").
    lineHeight: 1.15,
    theme: {
        background: "#101418", foreground: "#d8dee4", cursor: "#f0c674", cursorAccent: "#101418",
        selectionBackground: "#3a5068",
        black: "#1d2126", red: "#e06c75", green: "#98c379", yellow: "#e5c07b", blue: "#61afef",
        magenta: "#c678dd", cyan: "#56b6c2", white: "#d8dee4",
        brightBlack: "#5c6370", brightRed: "#ff7b86", brightGreen: "#b5e890", brightYellow: "#ffd68a",
        brightBlue: "#82c4ff", brightMagenta: "#de9bf0", brightCyan: "#7fd4de", brightWhite: "#ffffff",
    },
};

/**
 * xterm.js on a worker machine's COM1 (nodeos-machine.js): what the guest prints is shown, what the reader types or
 * pastes goes to the guest. Ctrl+Shift+C copies the selection (so does Ctrl+C while text is selected), Ctrl+Shift+V
 * and the browser's paste paste. The terminal fills `element` and follows its size; the guest's tty is told the new
 * size through the lab agent (stty), so full-screen programs and nsh's line editor wrap where the screen does.
 * Returns {terminal, dispose}.
 */
export function attachTerminal(element, machine, { focus = true } = {}) {
    const terminal = new Terminal(TERMINAL_OPTIONS);
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);
    terminal.attachCustomKeyEventHandler(event => clipboardKeys(terminal, event));
    const unsubscribe = machine.onOutput(bytes => terminal.write(bytes));
    const input = terminal.onData(data => machine.write(data));
    let told = "";
    let timer = null;
    const tellGuest = () => {
        const size = `cols ${terminal.cols} rows ${terminal.rows}`;
        if (size !== told && machine.agent.ready && machine.status === "running") {
            told = size;
            machine.runInGuest(`stty -F /dev/ttyS0 ${size}`, { timeoutMs: 20000 }).catch(() => { told = ""; });
        }
    };
    const resize = () => {
        fit.fit();
        clearTimeout(timer);
        timer = setTimeout(tellGuest, 300);
    };
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    resize();
    machine.agent.whenReady().then(tellGuest);
    if (focus) {
        terminal.focus();
    }
    return {
        terminal,
        dispose() {
            observer.disconnect();
            clearTimeout(timer);
            unsubscribe();
            input.dispose();
            terminal.dispose();
        },
    };
}

function clipboardKeys(terminal, event) {
    if (event.type !== "keydown") {
        return true;
    }
    const key = event.key.toLowerCase();
    const copy = event.ctrlKey && key === "c" && (event.shiftKey || terminal.hasSelection());
    if (copy && terminal.hasSelection()) {
        navigator.clipboard?.writeText(terminal.getSelection()).catch(() => {});
        terminal.clearSelection();
        event.preventDefault();
        return false;
    }
    if (event.ctrlKey && event.shiftKey && key === "v") {
        // Let the browser's paste event reach xterm's textarea (xterm.js pastes from it, bracketed if asked).
        return false;
    }
    return true;
}

/** Where a flat program is loaded and entered, and its stack: the same as in the emulator's own tests. */
const PROGRAM_ADDRESS = 0x10000;
const PROGRAM_STACK = 0x80000;

/**
 * Shows a terminal in `element`, builds the machine the options describe, connects it to COM1 and starts it.
 * onSpeed(mips) hears the guest's speed every second while it runs.
 * onStatus(text) hears what is happening ("loading ...", "running", "powered off", errors); a failure is also shown
 * in the terminal, so the reader sees it where they were looking.
 */
export async function mountTerminal(element, {
    kernelUrl, initrdUrl, cmdline = "console=ttyS0", stateUrl, programUrl,
    memoryMiB = 256, clock = "real", onStatus = () => {}, onSpeed = () => {},
} = {}) {
    const terminal = new Terminal({ convertEol: false, cursorBlink: true, scrollback: 5000 });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);
    fit.fit();
    new ResizeObserver(() => fit.fit()).observe(element);

    const status = text => {
        onStatus(text);
        element.dataset.status = text;
    };
    let machine;
    try {
        status("loading the emulator");
        const emulator = await loadEmulator();
        machine = await buildMachine(emulator, { kernelUrl, initrdUrl, cmdline, stateUrl, programUrl, memoryMiB, clock },
            status);
    } catch (error) {
        status("error: " + error.message);
        terminal.write("\r\n\x1b[31m" + error.message + "\x1b[0m\r\n");
        throw error;
    }
    terminal.onData(data => machine.sendSerial(data));
    status("running");
    const speed = reportSpeed(machine, onSpeed);
    machine.start({
        onSerialOutput: bytes => terminal.write(bytes),
        onStop: (reason, error) => {
            clearInterval(speed);
            const text = STOPPED[reason] ?? reason;
            status(error ? `${text}: ${error.message}` : text);
            terminal.write(`\r\n\x1b[33m[${error ? text + ": " + error.message : text}]\x1b[0m\r\n`);
            if (reason === "shutdown" || reason === "error") {
                // What nodeos-emu prints on stderr: enough to start a bug report.
                terminal.write(machine.describeCpu().replaceAll("\n", "\r\n") + "\r\n");
            }
        },
    });
    terminal.focus();
    return { machine, terminal };
}

/** Every second, onSpeed(millions of guest instructions per second over that second). */
function reportSpeed(machine, onSpeed) {
    let last = { instructions: machine.instructions, time: performance.now() };
    return setInterval(() => {
        const now = { instructions: machine.instructions, time: performance.now() };
        onSpeed((now.instructions - last.instructions) / (now.time - last.time) / 1000);
        last = now;
    }, 1000);
}

const STOPPED = {
    halted: "powered off",
    shutdown: "triple fault: the machine shut down",
    reset: "the guest asked for a reset (no BIOS to reboot through)",
    stopped: "stopped",
    error: "emulator error",
};

async function buildMachine(emulator, options, status) {
    const { kernelUrl, initrdUrl, cmdline, stateUrl, programUrl, memoryMiB, clock } = options;
    if (stateUrl) {
        status("loading " + stateUrl);
        return emulator.restorePc(await fetchBytes(stateUrl), { name: stateUrl, clock });
    }
    const pc = emulator.createPc({ memoryMiB, clock });
    if (programUrl) {
        status("loading " + programUrl);
        pc.load(PROGRAM_ADDRESS, await fetchBytes(programUrl));
        pc.enterFlat32(PROGRAM_ADDRESS, PROGRAM_STACK);
        return pc;
    }
    if (!kernelUrl) {
        throw new Error("nothing to run: give a kernel (kernelUrl), a saved state (stateUrl) or a program (programUrl)");
    }
    status("loading " + kernelUrl + (initrdUrl ? " and " + initrdUrl : ""));
    const [kernel, initrd] = await Promise.all([fetchBytes(kernelUrl), initrdUrl ? fetchBytes(initrdUrl) : null]);
    pc.bootLinux(kernel, initrd, cmdline, { kernelName: kernelUrl, initrdName: initrdUrl });
    return pc;
}
