// The labs catalogue (/labs/): each card shows the student's progress from this browser; export and import it as a
// file (lab-progress.js).

import { BrowserProgressStore, formatTime } from "/js/lab-progress.js";

const store = new BrowserProgressStore();
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

showProgress();
