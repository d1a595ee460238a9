// The labs catalogue (/labs/): each card shows the student's progress from this browser (synced with the server's
// copy when the site serves the page); export and import it as a file; continue on another device (lab-progress.js).

import { progressStore, formatTime } from "/js/lab-progress.js";

const devices = document.querySelector(".lab-devices");
const store = progressStore(devices?.dataset.progressApi);
const message = document.querySelector(".lab-progress-message");

async function showProgress() {
    const all = await store.all();
    for (const card of document.querySelectorAll(".lab-card[data-lab-id]")) {
        const line = card.querySelector(".lab-card-progress");
        const progress = all[card.dataset.labId];
        if (!line) continue;
        if (!progress || (progress.passed.length === 0 && progress.timeMs < 60000)) {
            line.hidden = true;
            delete card.dataset.progress;
            continue;
        }
        const steps = Number(card.dataset.steps);
        const done = steps > 0 && progress.passed.length >= steps;
        card.dataset.progress = done ? "done" : "started";
        line.textContent = (done ? "Done: all " + steps + " steps passed" : `${progress.passed.length} of ${steps} steps passed`)
            + ` · ${formatTime(progress.timeMs)} spent`;
        line.hidden = false;
    }
    document.body.dataset.progressShown = "true";
}

document.querySelector(".lab-export")?.addEventListener("click", async () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([await store.exportText()], { type: "application/json" }));
    link.download = "nodeos-lab-progress.json";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    message.textContent = "Your progress was saved as nodeos-lab-progress.json.";
});

document.querySelector(".lab-import input")?.addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    try {
        const count = await store.importText(await file.text(), file.name);
        message.textContent = `Imported the progress of ${count} lab${count === 1 ? "" : "s"} from ${file.name}.`;
        await showProgress();
    } catch (e) {
        message.textContent = e.message;
    } finally {
        event.target.value = "";
    }
});

/** The code and link of this browser's progress, and the form taking another device's code. */
async function showDevices() {
    if (!devices || !store.token) return;
    const wanted = new URLSearchParams(location.search).get("progress");
    try {
        if (wanted && wanted !== store.token()) {
            await store.useToken(wanted);
            message.textContent = "This browser now continues the progress of your other device.";
        } else {
            await store.sync();
        }
    } catch (e) {
        message.textContent = e.message;
    }
    if (wanted) history.replaceState(null, "", location.pathname); // the code stays on the page, not in the address
    const link = devices.querySelector(".lab-device-link");
    link.href = link.textContent = store.continueUrl();
    devices.querySelector(".lab-device-code").textContent = store.token();
    devices.hidden = false;
    devices.querySelector(".lab-device-form").addEventListener("submit", async (event) => {
        event.preventDefault();
        const input = event.target.elements.code;
        try {
            await store.useToken(input.value);
            input.value = "";
            message.textContent = "This browser now continues the progress saved under that code.";
        } catch (e) {
            message.textContent = e.message;
        }
        devices.querySelector(".lab-device-code").textContent = store.token();
        link.href = link.textContent = store.continueUrl();
        await showProgress();
    });
}

showDevices().finally(showProgress);
