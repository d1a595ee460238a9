// The lab page's scripts on the host's Node.js (run by LabScriptsTest): console watching and progress storage.
import test from "node:test";
import assert from "node:assert";
import { ConsoleWatcher, endsWithFreshPrompt, expectMatches, plainText } from "../../main/resources/static/js/lab-console.js";
import { BrowserProgressStore, SyncedProgressStore } from "../../main/resources/static/js/lab-progress.js";

const bytes = (text) => new TextEncoder().encode(text);

test("a fresh nsh prompt is one with nothing typed after it", () => {
    assert.ok(endsWithFreshPrompt("hi\r\n\rnodeos:/$ \x1b[J\r\x1b[10C"));
    assert.ok(endsWithFreshPrompt("\rroot:/# \x1b[J"));
    assert.ok(!endsWithFreshPrompt("\rnodeos:/$ ls -l\x1b[J\r\x1b[16C"), "a line being typed");
    assert.ok(!endsWithFreshPrompt("\rnodeos:/$ \x1b[J\r\x1b[10Cx"), "typing started");
});

test("a command is done when the student pressed Enter and the prompt came back", () => {
    let done = 0;
    const watcher = new ConsoleWatcher(() => done++);
    watcher.printed(bytes("\rnodeos:/$ \x1b[J\r\x1b[10C"));
    assert.strictEqual(done, 0, "a prompt without a command");
    watcher.typed("uname -a\r");
    watcher.printed(bytes("uname -a\r\nLinux nodeos 6.1.0\r\n"));
    assert.strictEqual(done, 0, "still running");
    watcher.printed(bytes("\rnodeos:/$ \x1b[J\r\x1b[10C"));
    assert.strictEqual(done, 1);
    watcher.printed(bytes("\rnodeos:/$ \x1b[J\r\x1b[10C"));
    assert.strictEqual(done, 1, "once per command");
    assert.ok(expectMatches("^Linux nodeos 6\\.\\d+", watcher.transcript));
    watcher.reset();
    assert.ok(!expectMatches("Linux", watcher.transcript));
});

test("escapes and carriage returns are removed before an expect is matched", () => {
    assert.strictEqual(plainText("\x1b[31mred\x1b[0m\r\n\x07ok"), "red\nok");
    assert.ok(expectMatches("^ok$", "\x1b[1mok\x1b[0m\r\n"));
});

function memoryStorage() {
    const data = new Map();
    return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, String(v)) };
}

test("progress is saved per lab, exported, and imported by merging", async () => {
    const store = new BrowserProgressStore(memoryStorage(), null);
    assert.deepStrictEqual((await store.load("01-x")).passed, []);
    await store.save("01-x", { passed: [1, 2], timeMs: 60000, updated: null, machine: false });
    const file = await store.exportText();
    const other = new BrowserProgressStore(memoryStorage(), null);
    await other.save("01-x", { passed: [3], timeMs: 1000, updated: null, machine: false });
    assert.strictEqual(await other.importText(file, "p.json"), 1);
    const merged = await other.load("01-x");
    assert.deepStrictEqual(merged.passed, [1, 2, 3]);
    assert.strictEqual(merged.timeMs, 61000);
    await assert.rejects(other.importText("{", "bad.json"), /bad\.json is not a progress file/);
    await assert.rejects(other.importText('{"format":"x"}', "other.json"), /other\.json is not a NodeOS Lab progress file/);
    await assert.rejects(other.importText('{"format":"nodeos-lab-progress","labs":{"a":{"passed":["x"]}}}', "d.json"),
        /lab "a" is damaged/);
});

// A stand-in for the site's GET/PUT /labs/api/progress/TOKEN: documents by token, or a failing server.
function progressServer() {
    const docs = new Map();
    const server = { docs, down: false };
    server.fetch = async (url, { method = "GET", body } = {}) => {
        if (server.down) return new Response(JSON.stringify({ detail: "the disk is full" }), { status: 500 });
        const token = url.slice("/api/".length);
        if (method === "PUT") {
            docs.set(token, JSON.parse(body));
            return new Response(body, { status: 200 });
        }
        return docs.has(token) ? new Response(JSON.stringify(docs.get(token)), { status: 200 })
            : new Response(JSON.stringify({ detail: "no progress is saved under this token yet" }), { status: 404 });
    };
    return server;
}

test("progress synced through the server continues on another device, and syncing twice changes nothing", async () => {
    const server = progressServer();
    const laptop = new SyncedProgressStore("/api/", memoryStorage(), null, server.fetch);
    await laptop.save("01-x", { passed: [1, 2], timeMs: 60000, updated: "2026-12-06T09:00:00Z", machine: true });
    await laptop.sync();
    const token = laptop.token();
    assert.match(token, /^[0-9a-f]{32}$/);
    assert.deepStrictEqual(server.docs.get(token).labs["01-x"],
        { passed: [1, 2], timeMs: 60000, updated: "2026-12-06T09:00:00Z" }, "no machine flag leaves the browser");

    const phone = new SyncedProgressStore("/api/", memoryStorage(), null, server.fetch);
    await phone.save("01-x", { passed: [3], timeMs: 1000, updated: "2026-12-06T08:00:00Z", machine: false });
    await assert.rejects(phone.useToken("hello"), /not a progress code/);
    await phone.useToken("https://site/labs/?progress=" + token);
    for (const store of [phone, laptop, phone]) await store.sync();
    for (const store of [phone, laptop]) {
        const p = await store.load("01-x");
        assert.deepStrictEqual(p.passed, [1, 2, 3]);
        assert.strictEqual(p.timeMs, 60000, "the longer time, not a sum that grows at each sync");
        assert.strictEqual(p.updated, "2026-12-06T09:00:00Z");
    }
    assert.strictEqual((await laptop.load("01-x")).machine, true, "each browser keeps its own machine flag");

    await phone.forget("01-x"); // Reset lab: gone from the server's copy too
    assert.deepStrictEqual(server.docs.get(token).labs, {});

    server.down = true;
    await laptop.save("02-y", { passed: [1], timeMs: 0, updated: null, machine: false });
    await assert.rejects(laptop.sync(), /could not be saved on the server \(it is kept in this browser\): the disk is full/);
    assert.deepStrictEqual((await laptop.load("02-y")).passed, [1], "the browser's copy is saved anyway");
});
