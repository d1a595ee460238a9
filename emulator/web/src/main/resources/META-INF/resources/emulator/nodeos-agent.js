// The lab agent's client: runs shell commands inside NodeOS over its second serial port (COM2, ttyS1), as
// emulator/image/src/main/nodeos/agent/PROTOCOL.md describes, and moves files in and out on top of that.
// nodeos-machine.js gives every machine one (machine.agent); it needs only a way to send bytes to COM2 and to be
// fed what comes back.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A header line longer than this is garbage on the line, not a frame. */
const MAX_HEADER = 4096;
/** How often a HELLO is repeated until the agent answers READY (it may still be starting, or the boot going on). */
const HELLO_EVERY_MS = 1500;
/** The agent takes its command as one `sh -c` argument: Linux caps one argument at 128 KiB. */
const MAX_COMMAND_BYTES = 96 * 1024;
/** Raw bytes of a file per command when putting one (base64 makes 4/3 of it). */
const PUT_CHUNK_BYTES = 48 * 1024;

export class AgentError extends Error {}

export class AgentClient {
    #send;
    #buffer = new Uint8Array(0);
    /** The frame being read: {header, id, status, length} waiting for its body. */
    #frame = null;
    #ready = false;
    #readyWaiters = [];
    #helloTimer = null;
    /** The request on the line: {id, resolve, reject, timer}, or {id, stale: true} after its caller gave up. */
    #current = null;
    #queue = [];
    #nextId = 1;

    /** `send(Uint8Array)` writes to the guest's COM2. */
    constructor(send) {
        this.#send = send;
    }

    /** Feed every byte the guest sent on COM2. */
    receive(bytes) {
        this.#buffer = append(this.#buffer, bytes);
        for (;;) {
            if (this.#frame) {
                if (this.#buffer.length < this.#frame.length) {
                    return;
                }
                const body = this.#buffer.slice(0, this.#frame.length);
                this.#buffer = this.#buffer.slice(this.#frame.length);
                const frame = this.#frame;
                this.#frame = null;
                this.#finish(frame, body);
                continue;
            }
            const newline = this.#buffer.indexOf(10);
            if (newline < 0) {
                if (this.#buffer.length > MAX_HEADER) {
                    this.#buffer = new Uint8Array(0); // line noise (a kernel message, a restore mid-frame): resync
                }
                return;
            }
            const header = decoder.decode(this.#buffer.subarray(0, newline)).replace(/\r$/, "");
            this.#buffer = this.#buffer.slice(newline + 1);
            this.#header(header);
        }
    }

    /** True once the agent said READY. */
    get ready() {
        return this.#ready;
    }

    /** Resolves when the agent answers; sends HELLO until it does (the agent may start after we connect). */
    whenReady() {
        if (this.#ready) {
            return Promise.resolve();
        }
        const waiting = new Promise(resolve => this.#readyWaiters.push(resolve));
        if (!this.#helloTimer) {
            const hello = () => this.#send(encoder.encode("NODEOS-HELLO\n"));
            hello();
            this.#helloTimer = setInterval(hello, HELLO_EVERY_MS);
        }
        return waiting;
    }

    /**
     * Runs a shell command line as root in / inside the guest (busybox sh -c). Resolves to {status, output}: the
     * exit status (143 when the agent's own 120 s limit killed it) and stdout and stderr as text. Rejects with an
     * AgentError when no answer comes within timeoutMs (the agent not ready counts against it too).
     */
    runInGuest(command, { timeoutMs = 30000 } = {}) {
        return this.#request(encoder.encode(command), timeoutMs).then(({ status, body }) => (
            { status, output: decoder.decode(body) }));
    }

    /** The same, with the output as bytes (binary files). */
    runInGuestBytes(command, { timeoutMs = 30000 } = {}) {
        return this.#request(encoder.encode(command), timeoutMs).then(({ status, body }) => ({ status, output: body }));
    }

    /**
     * Writes `data` (bytes or a string) to the guest file `path` (absolute), mode like "0644"; parent folders are
     * created. Big files go in pieces of 48 KiB (about a second each on the emulated PC).
     */
    async putFile(path, data, { mode = "0644", timeoutMs = 60000 } = {}) {
        checkPath(path);
        if (!/^[0-7]{3,4}$/.test(mode)) {
            throw new AgentError(`putFile ${path}: mode must be octal digits like "0644", not ${JSON.stringify(mode)}`);
        }
        const bytes = typeof data === "string" ? encoder.encode(data) : toBytes(data);
        const target = quote(path);
        const part = quote(path + ".part");
        await this.#must(`mkdir -p -- "$(dirname -- ${target})" && : > ${part}`, `putFile ${path}`, timeoutMs);
        for (let at = 0; at < bytes.length; at += PUT_CHUNK_BYTES) {
            const chunk = base64(bytes.subarray(at, at + PUT_CHUNK_BYTES));
            await this.#must(`base64 -d >> ${part} <<'NODEOS-B64'\n${chunk}\nNODEOS-B64`, `putFile ${path}`, timeoutMs);
        }
        await this.#must(`chmod ${mode} ${part} && mv -f -- ${part} ${target}`, `putFile ${path}`, timeoutMs);
    }

    /** The bytes of the guest file `path`; an AgentError says why when it cannot be read. */
    async getFile(path, { timeoutMs = 60000 } = {}) {
        checkPath(path);
        const { status, output } = await this.runInGuestBytes(`cat -- ${quote(path)}`, { timeoutMs });
        if (status !== 0) {
            throw new AgentError(`getFile ${path}: ${decoder.decode(output).trim() || "exit status " + status}`);
        }
        return output;
    }

    /** Forget the line's state: after a restore the guest's agent is where the state left it, ready and idle. */
    reset({ ready = false } = {}) {
        this.#buffer = new Uint8Array(0);
        this.#frame = null;
        const gone = [this.#current, ...this.#queue].filter(r => r && !r.stale);
        this.#current = null;
        this.#queue = [];
        for (const request of gone) {
            clearTimeout(request.timer);
            request.reject(new AgentError("the machine was reset or restored while the command ran"));
        }
        this.#ready = ready;
    }

    async #must(command, what, timeoutMs) {
        const { status, output } = await this.runInGuest(command, { timeoutMs });
        if (status !== 0) {
            throw new AgentError(`${what}: ${output.trim() || "exit status " + status}`);
        }
    }

    #request(body, timeoutMs) {
        if (body.length > MAX_COMMAND_BYTES) {
            return Promise.reject(new AgentError(`command too long: ${body.length} bytes (at most ${MAX_COMMAND_BYTES})`));
        }
        return new Promise((resolve, reject) => {
            const request = { id: "c" + this.#nextId++, body, resolve, reject, stale: false };
            request.timer = setTimeout(() => {
                request.stale = true; // its answer, if it ever comes, is read and dropped
                const index = this.#queue.indexOf(request);
                if (index >= 0) {
                    this.#queue.splice(index, 1);
                }
                reject(new AgentError(`no answer from the guest within ${timeoutMs} ms`
                    + (this.#ready ? "" : " (the lab agent on ttyS1 never said READY)")));
            }, timeoutMs);
            this.#queue.push(request);
            this.#pump();
        });
    }

    /** One request at a time (the protocol's rule), sent once the agent is ready. */
    #pump() {
        if (this.#current || this.#queue.length === 0) {
            return;
        }
        if (!this.#ready) {
            this.whenReady().then(() => this.#pump());
            return;
        }
        const request = this.#queue.shift();
        this.#current = request;
        this.#send(append(encoder.encode(`NODEOS-RUN ${request.id} ${request.body.length}\n`), request.body));
    }

    #header(header) {
        const [verb, ...words] = header.split(" ");
        if (verb === "NODEOS-AGENT-READY") {
            this.#becameReady();
        } else if (verb === "NODEOS-EXIT" && words.length === 3 && /^\d+$/.test(words[2])) {
            this.#frame = { id: words[0], status: Number(words[1]), length: Number(words[2]) };
        } else if (verb === "NODEOS-ERROR") {
            // The agent could not read our header: the request on the line will not be answered.
            const request = this.#current;
            this.#current = null;
            if (request && !request.stale) {
                clearTimeout(request.timer);
                request.reject(new AgentError("the guest's agent refused the request: " + words.join(" ")));
            }
            this.#pump();
        }
        // Anything else is line noise; it is skipped.
    }

    #becameReady() {
        const wasReady = this.#ready;
        this.#ready = true;
        clearInterval(this.#helloTimer);
        this.#helloTimer = null;
        for (const resolve of this.#readyWaiters.splice(0)) {
            resolve();
        }
        // A READY while a request was on the line means the agent restarted: that request is lost.
        if (wasReady && this.#current) {
            const request = this.#current;
            this.#current = null;
            if (!request.stale) {
                clearTimeout(request.timer);
                request.reject(new AgentError("the guest's agent restarted while the command ran"));
            }
        }
        this.#pump();
    }

    #finish(frame, body) {
        const request = this.#current;
        if (!request || request.id !== frame.id) {
            return; // an answer nobody waits for (after a reset)
        }
        this.#current = null;
        if (!request.stale) {
            clearTimeout(request.timer);
            request.resolve({ status: frame.status, body });
        }
        this.#pump();
    }
}

/** A path in single quotes for sh. */
function quote(text) {
    return "'" + text.replaceAll("'", "'\\''") + "'";
}

function checkPath(path) {
    if (typeof path !== "string" || !path.startsWith("/") || path.includes("\0") || path.includes("\n")) {
        throw new AgentError(`guest paths are absolute, without NUL or newline: ${JSON.stringify(path)}`);
    }
}

function base64(bytes) {
    let text = "";
    for (let at = 0; at < bytes.length; at += 0x8000) {
        text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    }
    // Lines of 76 as base64 tools write them; busybox's decoder reads either.
    return btoa(text).replace(/.{76}/g, "$&\n");
}

function toBytes(data) {
    if (data instanceof Uint8Array) {
        return data;
    }
    if (data instanceof ArrayBuffer) {
        return new Uint8Array(data);
    }
    if (ArrayBuffer.isView(data)) {
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    throw new TypeError("expected bytes (Uint8Array, ArrayBuffer) or a string");
}

function append(a, b) {
    if (a.length === 0) {
        return b;
    }
    const all = new Uint8Array(a.length + b.length);
    all.set(a);
    all.set(b, a.length);
    return all;
}
