// What a lab page's machine save costs a student, in headless Chromium (Debian's), on a running site: start a lab,
// pass its first step by typing the solution (the page saves the machine in the background), then a second step; for
// each save the bytes of state fetched meanwhile, the bytes stored in IndexedDB and its seconds; then a reload and
// the seconds from Start to the machine ready from the saved machine; then the worker's reset to the start-up state and
// the page's "Reset lab" until the lab is ready again. Fresh browser context per run.
//
//   node lab-save.mjs --site http://localhost:8080 [--runs 3]
import { chromium } from "playwright-core";

const args = Object.fromEntries(process.argv.slice(2).join(" ").split("--").filter(Boolean)
    .map(a => a.trim().split(/\s+/)).map(([k, v]) => [k, v]));
const site = args.site ?? "http://localhost:8080";
const runs = Number(args.runs ?? 3);
const lab = "01-boot-and-layers";
const STEPS = ["uname -a", "grep \"Run /init\" kernel.log"];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });

/** The page's machine-save attribute, timed in the page: [{state, at}] from a MutationObserver. */
const RECORD_SAVES = `window.labSaves = []; new MutationObserver(() => { const l = document.getElementById('lab');
    const s = l?.dataset.machineSave; const log = window.labSaves;
    if (s && (log.length === 0 || log[log.length - 1].state !== s || s === 'saving' && l.dataset.machineSaves !== log[log.length - 1].n))
        log.push({ state: s, n: l.dataset.machineSaves, at: performance.now() }); })
    .observe(document, { subtree: true, attributes: true, attributeFilter: ['data-machine-save', 'data-machine-saves'] });`;

async function storedBytes(page) {
    return page.evaluate(id => new Promise((resolve, reject) => {
        const open = indexedDB.open("nodeos-lab-machines", 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
            const get = open.result.transaction("machines").objectStore("machines").get(id);
            get.onsuccess = () => { resolve(get.result ? get.result.byteLength : 0); open.result.close(); };
        };
    }), lab);
}

async function startMachine(page) {
    await page.waitForSelector("#lab[data-session=ready]");
    const t0 = Date.now();
    await page.locator(".lab-start").click();
    await page.waitForSelector("#lab[data-machine=ready]", { timeout: 600_000 });
    return (Date.now() - t0) / 1000;
}

for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext();
    await context.addInitScript(RECORD_SAVES);
    const page = await context.newPage();
    let fetched = 0;
    page.on("response", async r => {
        if (/\/emulator\/state\//.test(r.url())) {
            try { fetched += (await r.body()).length; } catch { /* redirects */ }
        }
    });
    await page.goto(`${site}/labs/${lab}/`);
    const cold = await startMachine(page);
    // The worker's own count of state bytes it fetched (its requests are not all the page's responses).
    await page.evaluate(() => window.labMachine.onStats(s => { window.labDownloaded = s.downloaded; }));
    const downloaded = async () => {
        await page.waitForTimeout(1500); // a stats report comes every second
        return page.evaluate(() => window.labDownloaded ?? 0);
    };
    const line = [`run ${run}: ready ${cold.toFixed(2)} s (${(fetched / 1e6).toFixed(1)} MB of state)`];
    for (let i = 0; i < STEPS.length; i++) {
        const step = i + 1;
        await page.locator(".lab-terminal").click();
        await page.keyboard.type(STEPS[i] + "\r");
        await page.waitForFunction(n => document.querySelector(`.lab-step[data-step='${n}'] .lab-result`)?.dataset.result === "pass",
            step, { timeout: 300_000 });
        const before = await page.evaluate(() => window.labDownloaded ?? 0);
        await page.waitForFunction(n => Number(document.getElementById("lab").dataset.machineSaves ?? 0) >= n
            && document.getElementById("lab").dataset.machineSave !== "saving", step, { timeout: 600_000 });
        const saves = await page.evaluate(() => window.labSaves);
        const start = saves.filter(s => s.state === "saving").at(-1);
        const end = saves.at(-1);
        line.push(`save ${step}: ${end.state}, ${((end.at - start.at) / 1000).toFixed(2)} s, fetched`
            + ` ${((await downloaded() - before) / 1e6).toFixed(1)} MB, stored ${(await storedBytes(page) / 1e6).toFixed(2)} MB`);
    }
    fetched = 0;
    await page.reload();
    const again = await startMachine(page);
    await page.evaluate(() => window.labMachine.onStats(s => { window.labDownloaded = s.downloaded; }));
    line.push(`after reload: ready ${again.toFixed(2)} s (${(fetched / 1e6).toFixed(1)} MB of state on the network,`
        + ` ${(await downloaded() / 1e6).toFixed(1)} MB of chunks taken in by the worker),`
        + ` status "${await page.locator(".lab-machine-status").textContent()}"`);
    // Back to the start-up state: the page's "Reset lab" until the lab is ready again, then the worker's own reset
    // (a machine restored from a saved one before deltas had no start-up state to go back to).
    page.once("dialog", dialog => dialog.accept());
    const t0 = Date.now();
    await page.locator(".lab-reset-lab").click();
    await page.waitForFunction(() => document.getElementById("lab").dataset.machine === "ready"
        && document.querySelector(".lab-machine-status").textContent.startsWith("Step 1: "), null, { timeout: 600_000 });
    const resetLab = (Date.now() - t0) / 1000;
    const resetMs = await page.evaluate(async () => {
        const t = performance.now();
        await window.labMachine.reset();
        return performance.now() - t;
    });
    line.push(`"Reset lab" to ready ${resetLab.toFixed(2)} s, reset() ${(resetMs / 1000).toFixed(2)} s`);
    console.log(line.join("; "));
    await context.close();
}
await browser.close();
