// The RAM chunks of a site's start-up state, for nodeos-worker.js. A page downloads only the state's first part
// (NAME.start: CPU, devices and the RAM the machine needs before its prompt answers); RAM chunk N is NAME-N.chunk,
// asked for when the guest first touches one of its pages (a synchronous request: allowed in a worker, and the
// guest waits for it inside an instruction) or fetched earlier in the background, in the order a session needs them.
// Chunks are kept once here, so reset() and a save need not fetch them again; a start-up state's chunks are also kept
// in Cache Storage (their names never change) and read back before the machine starts, so a second visit fetches
// nothing and the guest never waits for a chunk it had before.

export class StateChunks {
    #urlBase;
    #have = new Map();
    #onBytes;
    /** Chunks the guest had to wait for (not fetched in the background in time). */
    waited = 0;

    #cacheName;
    #cache = null;

    /**
     * `startUrl`: NAME.start; onBytes(n) for every chunk's n bytes downloaded; `cacheName`: the Cache Storage that
     * keeps them for the next visit (none: they are fetched again, from the browser's HTTP cache at best).
     */
    constructor(startUrl, { onBytes = () => {}, cacheName = null } = {}) {
        this.#urlBase = startUrl.replace(/\.start$/, "");
        this.#onBytes = onBytes;
        this.#cacheName = cacheName;
    }

    /** Reads back the chunks an earlier visit kept, and forgets those of other states. Never fails. */
    async loadCached() {
        if (!this.#cacheName || !self.caches) {
            return;
        }
        try {
            this.#cache = await self.caches.open(this.#cacheName);
            const prefix = this.#urlBase + "-";
            await Promise.all((await this.#cache.keys()).map(async request => {
                const match = request.url.startsWith(prefix) && /^(\d+)\.chunk$/.exec(request.url.slice(prefix.length));
                if (!match) {
                    await this.#cache.delete(request);
                    return;
                }
                const response = await this.#cache.match(request);
                this.#have.set(Number(match[1]), new Uint8Array(await response.arrayBuffer()));
            }));
        } catch {
            this.#cache = null; // private mode, no quota: chunks come from the network
        }
    }

    static isStartUrl(url) {
        return typeof url === "string" && /\.start$/.test(new URL(url, "http://x/").pathname);
    }

    url(n) {
        return `${this.#urlBase}-${n}.chunk`;
    }

    /** For Emulator.restorePc's `chunks`: chunk n's bytes now, or a string naming the chunk's URL and the problem. */
    get = n => {
        const kept = this.#have.get(n);
        if (kept) {
            return kept;
        }
        const url = this.url(n);
        const request = new XMLHttpRequest();
        try {
            request.open("GET", url, false);
            request.responseType = "arraybuffer";
            request.send();
        } catch (error) {
            return `${url}: download failed (${error.message}); check the connection and reload the page`;
        }
        if (request.status !== 200) {
            return `${url}: download failed, HTTP ${request.status} ${request.statusText}`.trim();
        }
        this.waited++;
        return this.#keep(n, new Uint8Array(request.response));
    };

    /** Fetches the chunks in `list` not kept yet, a few at a time, in the list's order; resolves when all are here. */
    async prefetch(list, parallel = 4) {
        const todo = list.filter(n => !this.#have.has(n));
        let next = 0;
        const worker = async () => {
            while (next < todo.length) {
                const n = todo[next++];
                if (this.#have.has(n)) {
                    continue;
                }
                const url = this.url(n);
                let response;
                try {
                    response = await fetch(url);
                } catch (error) {
                    throw new Error(`${url}: download failed (${error.message}); check the connection`);
                }
                if (!response.ok) {
                    throw new Error(`${url}: download failed, HTTP ${response.status} ${response.statusText}`.trim());
                }
                const bytes = new Uint8Array(await response.arrayBuffer());
                if (!this.#have.has(n)) {
                    this.#keep(n, bytes);
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(parallel, todo.length) }, worker));
    }

    #keep(n, bytes) {
        this.#have.set(n, bytes);
        this.#onBytes(bytes.length);
        this.#cache?.put(this.url(n), new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }))
            .catch(() => {}); // out of quota: the next visit fetches it again
        return bytes;
    }
}
