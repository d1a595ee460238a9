// A student's progress in the labs, kept in this browser. Pages use only the ProgressStore interface below, so a
// store on a server can replace the browser's later without touching them.
//
// One lab's progress: { passed: [step numbers], timeMs: time spent on its page, updated: ISO time,
//                       machine: true when a saved machine for it is in IndexedDB }.
// The export file: { format: "nodeos-lab-progress", version: 1, labs: { "<lab id>": progress, ... } } (machines are
// not exported: they are tens of megabytes and belong to this browser's emulator version).

const KEY = "nodeos-lab-progress";
const FORMAT = "nodeos-lab-progress";

/** The interface: load/save one lab, list all, export/import everything, and a machine state per lab. */
export class ProgressStore {
    /** @returns {Promise<object>} the lab's progress (an empty one when there is none). */
    async load(labId) { throw new Error("not implemented"); }
    async save(labId, progress) { throw new Error("not implemented"); }
    async forget(labId) { throw new Error("not implemented"); }
    /** @returns {Promise<Object<string, object>>} every lab's progress, by id. */
    async all() { throw new Error("not implemented"); }
    /** @returns {Promise<Uint8Array|null>} */
    async loadMachine(labId) { throw new Error("not implemented"); }
    async saveMachine(labId, bytes) { throw new Error("not implemented"); }
    async forgetMachine(labId) { throw new Error("not implemented"); }

    /** The export file's text. */
    async exportText() {
        return JSON.stringify({ format: FORMAT, version: 1, exported: new Date().toISOString(), labs: await this.all() },
            null, 2);
    }

    /** Reads an export file; merges it (steps passed are united, times added up). Throws a readable Error. */
    async importText(text, fileName = "the file") {
        let data;
        try {
            data = JSON.parse(text);
        } catch (e) {
            throw new Error(`${fileName} is not a progress file: it is not JSON (${e.message}).`);
        }
        if (data?.format !== FORMAT || typeof data.labs !== "object" || data.labs === null) {
            throw new Error(`${fileName} is not a NodeOS Lab progress file (no "format": "${FORMAT}").`);
        }
        let count = 0;
        for (const [id, incoming] of Object.entries(data.labs)) {
            const clean = normalize(incoming);
            if (clean === null) {
                throw new Error(`${fileName}: the progress of lab "${id}" is damaged.`);
            }
            const mine = await this.load(id);
            await this.save(id, {
                passed: [...new Set([...mine.passed, ...clean.passed])].sort((a, b) => a - b),
                timeMs: mine.timeMs + clean.timeMs,
                updated: new Date().toISOString(),
                machine: mine.machine,
            });
            count++;
        }
        return count;
    }
}

export function emptyProgress() {
    return { passed: [], timeMs: 0, updated: null, machine: false };
}

function normalize(p) {
    if (typeof p !== "object" || p === null || !Array.isArray(p.passed)
        || !p.passed.every((n) => Number.isInteger(n) && n > 0)) {
        return null;
    }
    return { passed: p.passed, timeMs: Number.isFinite(p.timeMs) && p.timeMs >= 0 ? p.timeMs : 0,
        updated: typeof p.updated === "string" ? p.updated : null, machine: p.machine === true };
}

/** localStorage for the small records (they survive a reload and a browser restart), IndexedDB for machines. */
export class BrowserProgressStore extends ProgressStore {
    constructor(storage = globalThis.localStorage, indexedDb = globalThis.indexedDB) {
        super();
        this.storage = storage;
        this.indexedDb = indexedDb;
    }

    read() {
        try {
            const data = JSON.parse(this.storage.getItem(KEY) ?? "{}");
            return typeof data === "object" && data !== null ? data : {};
        } catch (e) {
            return {}; // a damaged record is not worth failing the page for
        }
    }

    async load(labId) {
        return normalize(this.read()[labId]) ?? emptyProgress();
    }

    async save(labId, progress) {
        const data = this.read();
        data[labId] = { ...progress, updated: progress.updated ?? new Date().toISOString() };
        this.storage.setItem(KEY, JSON.stringify(data));
    }

    async forget(labId) {
        const data = this.read();
        delete data[labId];
        this.storage.setItem(KEY, JSON.stringify(data));
    }

    async all() {
        const out = {};
        for (const [id, p] of Object.entries(this.read())) {
            const clean = normalize(p);
            if (clean !== null) {
                out[id] = clean;
            }
        }
        return out;
    }

    machines() {
        if (!this.indexedDb) {
            return Promise.reject(new Error("this browser has no IndexedDB"));
        }
        return new Promise((resolve, reject) => {
            const open = this.indexedDb.open("nodeos-lab-machines", 1);
            open.onupgradeneeded = () => open.result.createObjectStore("machines");
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
        });
    }

    async transaction(mode, action) {
        const db = await this.machines();
        try {
            return await new Promise((resolve, reject) => {
                const request = action(db.transaction("machines", mode).objectStore("machines"));
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
            });
        } finally {
            db.close();
        }
    }

    async loadMachine(labId) {
        const bytes = await this.transaction("readonly", (s) => s.get(labId));
        return bytes ? new Uint8Array(bytes) : null;
    }

    async saveMachine(labId, bytes) {
        await this.transaction("readwrite", (s) => s.put(bytes, labId));
    }

    async forgetMachine(labId) {
        await this.transaction("readwrite", (s) => s.delete(labId));
    }
}

/** "3 min", "1 h 5 min": how long a student spent. */
export function formatTime(ms) {
    const minutes = Math.round(ms / 60000);
    if (minutes < 60) {
        return `${minutes} min`;
    }
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
