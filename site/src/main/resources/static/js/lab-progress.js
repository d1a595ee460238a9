// A student's progress in the labs, kept in this browser. Pages use only the ProgressStore interface below. When the
// site serves the page (not the static export), SyncedProgressStore also keeps a copy on the server under an
// anonymous random token made here, so the student can continue on another device by entering that token there.
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

const TOKEN_KEY = "nodeos-lab-progress-token";
const TOKEN = /^[0-9a-f]{32}$/;
const TIMEOUT_MS = 15000;

/** The store for a page: synced with the server's API when the page names one (data-progress-api), else the browser's. */
export function progressStore(api) {
    return api ? new SyncedProgressStore(api) : new BrowserProgressStore();
}

/**
 * The browser's store, kept in step with the server's copy under the student's token: sync() fetches the server's
 * copy, merges it in (steps passed united, the longer time and the later date kept, so syncing twice changes
 * nothing) and stores the merged whole back. Machines stay in this browser. Without a network the browser's copy
 * still works; lastError says why the server could not be reached.
 */
export class SyncedProgressStore extends BrowserProgressStore {
    constructor(api, storage = globalThis.localStorage, indexedDb = globalThis.indexedDB, fetcher = globalThis.fetch) {
        super(storage, indexedDb);
        this.api = api;
        this.fetcher = fetcher.bind(globalThis);
        this.forgotten = new Set(); // labs reset here: dropped from the server's copy too at the next sync
        this.queue = Promise.resolve();
        this.lastError = null;
    }

    /** This browser's token, made on first use: 128 random bits as 32 hexadecimal digits. */
    token() {
        let token = this.storage.getItem(TOKEN_KEY);
        if (!TOKEN.test(token ?? "")) {
            token = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
            this.storage.setItem(TOKEN_KEY, token);
        }
        return token;
    }

    /** The address that opens the labs with this progress on another device. */
    continueUrl() {
        return new URL("/labs/?progress=" + this.token(), location.href).href;
    }

    /** Takes a token typed or pasted from another device (the code, or the link holding it), then syncs. */
    async useToken(text) {
        const token = String(text).toLowerCase().match(/[0-9a-f]{32}/)?.[0];
        if (!token) {
            throw new Error("That is not a progress code: it is 32 letters a-f and digits, as shown on your other device.");
        }
        this.storage.setItem(TOKEN_KEY, token);
        await this.sync();
        return token;
    }

    /** Merges the server's copy in and stores the result there; one sync at a time. Throws a readable Error. */
    sync() {
        const run = this.queue.then(() => this.syncNow());
        this.queue = run.catch(() => {});
        return run;
    }

    async syncNow() {
        const url = this.api + this.token();
        try {
            const got = await this.fetcher(url, { headers: { Accept: "application/json" }, cache: "no-store",
                signal: AbortSignal.timeout(TIMEOUT_MS) });
            if (got.ok) {
                await this.merge((await got.json()).labs ?? {});
            } else if (got.status !== 404) {
                throw new Error(await problem(got));
            }
            const labs = await this.all();
            for (const p of Object.values(labs)) delete p.machine;
            const put = await this.fetcher(url, { method: "PUT", headers: { "Content-Type": "application/json" },
                body: JSON.stringify({ format: FORMAT, version: 1, labs }), signal: AbortSignal.timeout(TIMEOUT_MS) });
            if (!put.ok) {
                throw new Error(await problem(put));
            }
            this.forgotten.clear();
            this.lastError = null;
        } catch (e) {
            this.lastError = e;
            throw new Error("Your progress could not be saved on the server (it is kept in this browser): " + e.message);
        }
    }

    async merge(serverLabs) {
        for (const [id, incoming] of Object.entries(serverLabs)) {
            const theirs = normalize(incoming);
            if (theirs === null || this.forgotten.has(id)) continue;
            const mine = await this.load(id);
            await super.save(id, {
                passed: [...new Set([...mine.passed, ...theirs.passed])].sort((a, b) => a - b),
                timeMs: Math.max(mine.timeMs, theirs.timeMs),
                updated: [mine.updated, theirs.updated].filter(Boolean).sort().pop() ?? null,
                machine: mine.machine,
            });
        }
    }

    async save(labId, progress) {
        await super.save(labId, progress);
        this.sync().catch(() => {}); // lastError tells; the browser's copy is saved either way
    }

    async forget(labId) {
        await super.forget(labId);
        this.forgotten.add(labId);
        await this.sync().catch(() => {});
    }
}

/** The detail of the server's problem answer, else its status. */
async function problem(response) {
    try {
        const body = await response.json();
        if (body?.detail) return body.detail;
    } catch (e) {
        // not a problem document
    }
    return `the server answered ${response.status}`;
}

/** "3 min", "1 h 5 min": how long a student spent. */
export function formatTime(ms) {
    const minutes = Math.round(ms / 60000);
    if (minutes < 60) {
        return `${minutes} min`;
    }
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
