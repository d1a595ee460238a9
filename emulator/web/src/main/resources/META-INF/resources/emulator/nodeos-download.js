// Fetching the machine's big files with progress, and unpacking a compressed state, for nodeos-worker.js.

/**
 * The bytes at `url`, from the browser's Cache Storage under `cacheName` when they are there and kept there
 * afterwards (replacing what that cache held: one file per cache name). Only for addresses whose bytes never change
 * (content-hashed names). The browser's HTTP cache is not enough for a machine state: Chromium's disk cache refuses
 * entries above a fraction of its size, so a 60 MB state was downloaded again on every visit.
 */
export async function fetchCached(url, cacheName, onProgress = () => {}) {
    const cache = await openCache(cacheName);
    const hit = await cache?.match(url).catch(() => null);
    if (hit) {
        const bytes = new Uint8Array(await hit.arrayBuffer());
        onProgress(bytes.length, bytes.length);
        return bytes;
    }
    const bytes = await fetchWithProgress(url, onProgress);
    if (cache) {
        try {
            for (const old of await cache.keys()) {
                await cache.delete(old);
            }
            await cache.put(url, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
        } catch {
            // Out of quota, private mode: the next visit downloads it again, nothing worse.
        }
    }
    return bytes;
}

async function openCache(name) {
    try {
        return self.caches ? await self.caches.open(name) : null; // no Cache Storage on plain http off localhost
    } catch {
        return null;
    }
}

/** The bytes at `url`; onProgress(loaded, total) as they arrive (total 0 when the server does not say). */
export async function fetchWithProgress(url, onProgress = () => {}) {
    let response;
    try {
        response = await fetch(url);
    } catch (error) {
        throw new Error(`${url}: download failed (${error.message}); check the connection and reload the page`);
    }
    if (!response.ok) {
        throw new Error(`${url}: download failed, HTTP ${response.status} ${response.statusText}`.trim());
    }
    // Content-Length counts the bytes on the wire; with a Content-Encoding the body is larger, so it is only a hint.
    const total = response.headers.get("Content-Encoding") ? 0 : Number(response.headers.get("Content-Length") ?? 0);
    const chunks = [];
    let loaded = 0;
    const reader = response.body.getReader();
    onProgress(0, total);
    for (;;) {
        let part;
        try {
            part = await reader.read();
        } catch (error) {
            throw new Error(`${url}: download broke off after ${loaded} bytes (${error.message})`);
        }
        if (part.done) {
            break;
        }
        chunks.push(part.value);
        loaded += part.value.length;
        onProgress(loaded, Math.max(total, loaded));
    }
    return concat(chunks, loaded);
}

/**
 * `bytes` unpacked when they are gzip (by its magic number, whatever the file is called), else as they are.
 * The browser's own DecompressionStream does the work; onProgress(unpacked bytes so far).
 */
export async function decompressIfPacked(bytes, name, onProgress = () => {}) {
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
        return bytes;
    }
    const chunks = [];
    let loaded = 0;
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
    try {
        for (;;) {
            const part = await reader.read();
            if (part.done) {
                break;
            }
            chunks.push(part.value);
            loaded += part.value.length;
            onProgress(loaded);
        }
    } catch (error) {
        throw new Error(`${name}: the gzip data is damaged after ${loaded} unpacked bytes (${error.message})`);
    }
    return concat(chunks, loaded);
}

function concat(chunks, length) {
    if (chunks.length === 1) {
        return chunks[0];
    }
    const all = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
        all.set(chunk, at);
        at += chunk.length;
    }
    return all;
}
