// The lab page's scripts on the host's Node.js (run by LabScriptsTest): console watching and progress storage.
import test from "node:test";
import assert from "node:assert";
import { ConsoleWatcher, endsWithFreshPrompt, expectMatches, plainText } from "../../main/resources/static/js/lab-console.js";
import { BrowserProgressStore } from "../../main/resources/static/js/lab-progress.js";

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
