// The lab page with its machine: the NodeOS emulator in a Web Worker (emulator-web's nodeos-machine.js) with
// xterm.js beside the steps. It puts the lab's files into the guest, runs each step's setup, checks the current
// step after every command the student finishes (and on "Check"), and keeps progress in the browser, synced to the
// server when the site serves the page (lab-progress.js): steps passed, time spent, and the machine itself after each
// passed step (in this browser only).

import { progressStore, formatTime } from "/js/lab-progress.js";
import { ConsoleWatcher, expectMatches } from "/js/lab-console.js";

const root = document.getElementById("lab");
const dataElement = document.getElementById("lab-data");
const machinePanel = document.getElementById("lab-machine");

if (root && dataElement && machinePanel) {
    new LabSession(root, JSON.parse(dataElement.textContent), machinePanel, progressStore(root.dataset.progressApi)).show();
}

function LabSession(root, lab, panel, store) {
    const status = panel.querySelector(".lab-machine-status");
    const screen = panel.querySelector(".lab-terminal");
    const startButton = panel.querySelector(".lab-start");
    const checkButton = panel.querySelector(".lab-check");
    const resetStepButton = panel.querySelector(".lab-reset-step");
    const resetLabButton = panel.querySelector(".lab-reset-lab");
    const progressLine = panel.querySelector(".lab-progress");
    const doneLine = panel.querySelector(".lab-done");
    const stepElements = [...root.querySelectorAll(".lab-step")];
    const steps = lab.steps;

    let progress = null;
    let machine = null;
    let view = null; // the terminal on the machine ({ terminal, dispose })
    let current = null; // the step being worked on (a lab.steps entry), null when all passed
    let checking = false;
    let pasteListening = false;
    let again = false;
    let saving = false; // a machine save is under way
    let saveAgain = false;
    let saveDone = null; // the last save (a promise that never rejects)
    let visibleSince = document.visibilityState === "visible" ? performance.now() : null;
    const watcher = new ConsoleWatcher(() => check({ auto: true }));

    const say = (text) => { status.textContent = text; };
    const element = (step) => stepElements.find((e) => Number(e.dataset.step) === step.number);
    const result = (step) => element(step)?.querySelector(".lab-result");

    function render() {
        const passed = new Set(progress.passed);
        for (const step of steps) {
            const e = element(step);
            if (!e) continue;
            const state = passed.has(step.number) ? "passed" : step === current ? "current" : "todo";
            e.dataset.state = state;
            const badge = e.querySelector(".lab-step-state");
            if (badge) badge.textContent = state === "passed" ? "passed" : state === "current" ? "current step" : "";
            if (state === "current") e.setAttribute("aria-current", "step");
            else e.removeAttribute("aria-current");
        }
        progressLine.textContent = `${passed.size} of ${steps.length} steps passed · ${formatTime(timeSpent())} spent`
            + (saving ? " · saving your machine in this browser..." : progress.machine ? " · your machine is saved in this browser" : "");
        if (doneLine) doneLine.hidden = passed.size < steps.length;
        checkButton.disabled = !machine || !current;
        resetStepButton.disabled = !machine || !current;
        resetLabButton.disabled = !machine && progress.passed.length === 0;
    }

    function timeSpent() {
        return progress.timeMs + (visibleSince === null ? 0 : performance.now() - visibleSince);
    }

    async function saveProgress() {
        progress.timeMs = timeSpent();
        if (visibleSince !== null) visibleSince = performance.now();
        progress.updated = new Date().toISOString();
        await store.save(lab.id, progress);
    }

    function nextStep() {
        const passed = new Set(progress.passed);
        return steps.find((s) => !passed.has(s.number)) ?? null;
    }

    async function putFiles() {
        for (const file of lab.files) {
            say(`Putting ${file.to} into the machine...`);
            const bytes = Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0));
            await machine.putFile(file.to, bytes, { mode: file.mode });
            // Files for the student belong to the student (uid 1000), as if they had made them.
            if (file.to.startsWith("/home/nodeos/")) {
                await machine.runInGuest(`chown 1000:1000 '${file.to}'`, { timeoutMs: 20000 });
            }
        }
    }

    async function runSetup(step) {
        if (step?.setup) {
            say(`Preparing step ${step.number}...`);
            const { status: code, output } = await machine.runInGuest(step.setup, { timeoutMs: 60000 });
            if (code !== 0) {
                result(step).textContent = `This step's preparation failed (status ${code}): ${output}`;
            }
        }
    }

    /** Makes `step` the current one; `lead` (what just happened, e.g. "Step 3 passed.") starts the status line. */
    async function begin(step, lead = "") {
        current = step;
        watcher.reset();
        render();
        if (step) {
            showBeside(step);
            await runSetup(step);
            say(`${lead}Step ${step.number}: ${step.title}. Type in the terminal; the step checks itself after each command.`);
        } else {
            say(`${lead}All steps passed. Well done!`);
        }
    }

    /**
     * Scrolls the step beside the terminal when they stand side by side (the machine's panel is sticky), so the
     * student reads the new step without leaving the terminal; stacked on a phone, the terminal stays in view.
     */
    function showBeside(step) {
        const e = element(step);
        if (!e || getComputedStyle(panel).position !== "sticky") return;
        const box = e.getBoundingClientRect();
        if (box.top < 0 || box.top > window.innerHeight * 0.6) {
            e.scrollIntoView({ block: "start", behavior: "smooth" });
        }
    }

    /** Checks the current step: its check script through the lab agent, its expect against the console. */
    async function check({ auto = false } = {}) {
        if (!machine || !current) return;
        if (checking) {
            again = true;
            return;
        }
        checking = true;
        const step = current;
        const out = result(step);
        try {
            let message = null;
            if (step.expect && !expectMatches(step.expect, watcher.transcript)) {
                message = "Not yet: the terminal has not shown what this step is looking for.";
            }
            if (message === null && step.check) {
                const command = step.check.language === "node"
                    ? await nodeCheck(step.check.script) : step.check.script;
                const { status: code, output } = await machine.runInGuest(command, { timeoutMs: 30000 });
                if (code !== 0) {
                    message = output.trim() || `Not yet (the check ended with status ${code}).`;
                }
            }
            if (message !== null) {
                // After a command, say "not yet" without insisting; a Check press always answers. The line above the
                // terminal says it too: the student is looking there, not at the step.
                out.dataset.result = "fail";
                out.textContent = (auto ? "" : "Check: ") + message;
                say(`Step ${step.number}, not yet: ${message.replace(/^Not yet: /, "")}`);
                return;
            }
            out.dataset.result = "pass";
            out.textContent = `Step ${step.number} passed.`;
            progress.passed = [...new Set([...progress.passed, step.number])].sort((a, b) => a - b);
            await saveProgress();
            const next = nextStep();
            await begin(next, `Step ${step.number} passed. `);
            if (next) {
                out.textContent += ` Next: step ${next.number}, ${next.title}.`;
            }
            saveMachine();
        } catch (e) {
            out.dataset.result = "fail";
            out.textContent = "The check could not run: " + e.message;
            say(`Step ${step.number}: the check could not run (${e.message}). Press Check to try again.`);
        } finally {
            checking = false;
            // A command finished during the check: check again, unless the step passed meanwhile (that command was
            // the old step's; an automatic "not yet" for the new one would replace the result the student reads).
            if (again) {
                again = false;
                if (current === step) check({ auto: true });
            }
        }
    }

    async function nodeCheck(script) {
        await machine.putFile("/tmp/lab-check.js", script, { mode: "0644" });
        return "node /tmp/lab-check.js";
    }

    /**
     * Keeps the machine as it is now, so a reload continues where the student was (best effort, in the background).
     * It says so on the progress line, never on the status line: that one holds the step's result, which the student
     * is reading. One save at a time; a save asked for meanwhile follows it (it keeps the newer machine).
     */
    function saveMachine() {
        if (saving) {
            saveAgain = true;
            return;
        }
        saving = true;
        root.dataset.machineSave = "saving";
        render();
        saveDone = (async () => {
            do {
                saveAgain = false;
                let outcome = "saved";
                try {
                    // Only what the guest changed since the start-up state: nothing to fetch, a few MB to keep.
                    const bytes = await machine.saveState({ delta: true });
                    await store.saveMachine(lab.id, bytes);
                    progress.machine = true;
                    await saveProgress();
                } catch (e) {
                    // A full disk or a private window: progress is still kept, only the machine is not.
                    outcome = "failed";
                }
                saving = saveAgain && machine !== null;
                root.dataset.machineSaves = String(Number(root.dataset.machineSaves ?? 0) + 1);
                root.dataset.machineSave = saving ? "saving" : outcome;
                render();
            } while (saving);
        })();
    }

    /** ?jit=off runs the interpreter alone (the kill switch of compiled guest code, on by default). */
    function jitOption() {
        const mode = new URLSearchParams(location.search).get("jit");
        return mode ? { jit: { mode } } : {};
    }

    async function start() {
        startButton.disabled = true;
        startButton.hidden = true;
        const modules = panel.dataset.emulator || "/emulator/";
        const { startMachine } = await import(modules + "nodeos-machine.js");
        const { attachTerminal } = await import(modules + "nodeos-terminal.js");
        const saved = progress.machine ? await store.loadMachine(lab.id).catch(() => null) : null;
        const config = panel.dataset;
        const boot = config.kernel ? { kernelUrl: config.kernel, initrdUrl: config.initrd, cmdline: config.cmdline,
            memoryMiB: Number(config.memory) } : undefined;
        // The worker's progress describes the start; once the machine runs, the status line is the steps' own.
        let starting = true;
        const onProgress = ({ phase, loaded, total, message }) => {
            if (!starting) return;
            const amount = total ? ` ${Math.round(loaded / 1e6)} of ${Math.round(total / 1e6)} MB` : "";
            say(message ?? `Starting the machine: ${phase}${amount}...`);
        };
        try {
            // A saved machine is a delta of the start-up state: it continues on it (or, refused, that state runs).
            machine = await startMachine({ stateUrl: config.state || undefined, boot, onProgress, ...jitOption(),
                ...(saved ? { stateBytes: saved, stateName: "your saved machine" } : {}) });
        } catch (e) {
            say("The machine could not start: " + e.message);
            startButton.hidden = false;
            startButton.disabled = false;
            return;
        }
        starting = false;
        // A saved machine that cannot continue (saved on another start-up state, damaged): the lab starts again on a
        // fresh machine, and the student is told; their passed steps stay passed.
        let lead = "";
        if (saved && machine.savedRefused) {
            lead = `Your saved machine could not be used (${machine.savedRefused}), so the machine starts from the`
                + " lab's beginning: files you made are not in it. ";
            progress.machine = false;
            await store.forgetMachine(lab.id).catch(() => {});
        }
        const fresh = !saved || lead !== "";
        machine.onOutput((bytes) => watcher.printed(bytes));
        view = attachTerminal(screen, machine, { focus: true });
        const terminal = view.terminal;
        // Screen readers hear what the guest prints; Shift+Tab leaves the terminal (Tab stays nsh's completion).
        terminal.options.screenReaderMode = true;
        if (!screen.dataset.leaveKey) {
            screen.dataset.leaveKey = "Shift+Tab";
            screen.addEventListener("keydown", (event) => {
                if (event.key === "Tab" && event.shiftKey) event.stopPropagation(); // xterm.js must not take it
            }, true);
        }
        terminal.onData((data) => watcher.typed(data));
        terminal.textarea?.setAttribute("aria-label", "NodeOS terminal: type commands here");
        window.labTerminal = terminal; // for the page's own tests
        window.labMachine = machine;
        if (!pasteListening) {
            pasteListening = true;
            document.addEventListener("lab:paste", (event) => {
                if (!machine) return; // no machine yet: the paste button copies to the clipboard instead
                event.preventDefault();
                machine.write(event.detail.text.replace(/\n/g, "\r") + "\r");
                watcher.typed("\r");
                view.terminal.focus();
            });
        }
        await prepare({ fresh, lead });
    }

    /**
     * A machine that has just started (or gone back to the start-up state: `fresh`) is made ready for the current step:
     * its screen, the lab agent, the kernel kept off the console, the lab's files (fresh), the step's setup.
     */
    async function prepare({ fresh, lead = "" }) {
        // A restored machine shows an empty screen: show what the start-up state showed when it was saved (ending
        // in nsh's prompt), or, for a machine saved in this browser, press Enter so nsh draws a prompt.
        const welcomeScreen = panel.dataset.screen;
        if (fresh && welcomeScreen && machine.source === "state") {
            const welcome = welcomeScreen.lastIndexOf("Welcome to NodeOS");
            view.terminal.write((welcome >= 0 ? welcomeScreen.slice(welcome) : welcomeScreen).replace(/\r?\n/g, "\r\n"));
        } else if (machine.source === "state") {
            machine.write("\r");
        }
        say("Waiting for the machine's lab agent...");
        await machine.agent.whenReady();
        // A kernel message would land in the middle of the student's prompt: only emergencies reach the console;
        // `dmesg` still has everything (as the emulator page does). None is expected: LabStudentBrowserTest checks.
        await machine.runInGuest("dmesg -n 1", { timeoutMs: 60000 }).catch(() => {});
        if (fresh) {
            await putFiles();
        }
        await begin(nextStep(), lead);
        root.dataset.machine = "ready";
    }

    async function resetStep() {
        if (!current) return;
        result(current).textContent = "";
        await begin(current);
        result(current).textContent = "The step starts again: its preparation ran again.";
    }

    async function resetLab() {
        if (!window.confirm("Start this lab again from the beginning? Your steps and your machine's files are lost.")) {
            return;
        }
        saveAgain = false;
        await saveDone; // a save under way must not keep the old machine after it is forgotten
        progress = { passed: [], timeMs: 0, updated: null, machine: false };
        visibleSince = document.visibilityState === "visible" ? performance.now() : null;
        await store.forget(lab.id);
        await store.forgetMachine(lab.id).catch(() => {});
        for (const step of steps) {
            const out = result(step);
            if (out) {
                out.textContent = "";
                delete out.dataset.result;
            }
        }
        if (machine && machine.source === "state" && panel.dataset.state && await backToStart()) {
            await prepare({ fresh: true });
        } else if (machine) {
            // A booted machine has no start-up state to go back to: a new one.
            machine.terminate();
            view.dispose();
            machine = null;
            await start();
        }
        render();
    }

    /**
     * The same machine back at the start-up state: its worker, emulator and RAM are reused (a new worker would compile
     * the emulator and allocate 512 MiB again). False if the worker cannot (then a new machine starts).
     */
    async function backToStart() {
        root.dataset.machine = "resetting";
        say("Starting the lab again...");
        try {
            await machine.reset();
        } catch (e) {
            return false;
        }
        view.terminal.reset();
        return true;
    }

    this.show = async () => {
        // Progress saved on the server from another device comes first (a failure leaves this browser's copy).
        await store.sync?.().catch(() => {});
        progress = await store.load(lab.id);
        current = nextStep();
        for (const step of steps) {
            if (progress.passed.includes(step.number)) {
                result(step).dataset.result = "pass";
                result(step).textContent = `Step ${step.number} passed.`;
            }
        }
        render();
        say(progress.passed.length > 0
            ? `Welcome back: ${progress.passed.length} of ${steps.length} steps passed. Start the machine to go on.`
            : "Start the machine to begin: NodeOS runs in this tab, nothing runs on our server.");
        startButton.addEventListener("click", start);
        checkButton.addEventListener("click", () => check({ auto: false }));
        resetStepButton.addEventListener("click", resetStep);
        resetLabButton.addEventListener("click", resetLab);
        document.addEventListener("visibilitychange", () => {
            if (document.visibilityState === "visible") visibleSince = performance.now();
            else {
                saveProgress();
                visibleSince = null;
            }
        });
        window.addEventListener("pagehide", () => { saveProgress(); });
        setInterval(() => { saveProgress(); render(); }, 15000);
        root.dataset.session = "ready";
    };
}
