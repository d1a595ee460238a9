// Times a student's start of a lab in headless Chromium (Debian's): from clicking "Start" on /labs/<id>/ to the page
// saying the machine is ready (start-up state restored, the lab's files put in). Fresh context per run (cold caches),
// then one warm run in the same context (second visit).
//
//   node lab-start.mjs --site http://localhost:8080 [--lab 01-boot-and-layers] [--runs 3]
import { chromium } from "playwright-core";

const args = Object.fromEntries(process.argv.slice(2).join(" ").split("--").filter(Boolean)
    .map(a => a.trim().split(/\s+/)).map(([k, v]) => [k, v]));
const site = args.site ?? "http://localhost:8080";
const lab = args.lab ?? "01-boot-and-layers";
const runs = Number(args.runs ?? 3);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });

async function start(page) {
    await page.goto(`${site}/labs/${lab}/`);
    await page.waitForSelector("#lab[data-session=ready]");
    const t0 = Date.now();
    await page.locator(".lab-start").click();
    await page.waitForSelector("#lab[data-machine=ready]", { timeout: 600_000 });
    return (Date.now() - t0) / 1000;
}

for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0;
    page.on("response", async r => { try { bytes += (await r.body()).length; } catch { /* redirects */ } });
    const cold = await start(page);
    const coldBytes = bytes;
    await page.evaluate(() => localStorage.clear());
    const warm = await start(page);
    console.log(`run ${run}: lab ${lab} machine ready ${cold.toFixed(2)} s after Start (first visit, ${(coldBytes / 1e6).toFixed(1)} MB),`
        + ` ${warm.toFixed(2)} s on a second visit`);
    await context.close();
}
await browser.close();
