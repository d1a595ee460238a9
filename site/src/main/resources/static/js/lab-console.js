// What the lab page reads from the student's console: the text printed since a step began (for the step's expect)
// and when a command the student typed has finished, which is when nsh draws a fresh, empty prompt.

// nsh's line editor draws a prompt as "\r" + prompt + line + ESC[J (+ "\r" ESC[nC to place the cursor). A fresh
// prompt is one with nothing typed after it: "user:folder$ " or "#", then ESC[J at once.
const FRESH_PROMPT = /\r[^\r\n\x1b]*:[^\r\n\x1b]*[$#] \x1b\[J(\r(\x1b\[\d+C)?)?$/;

// Terminal escapes (CSI and charset selections), bells and carriage returns: what LabExpect removes too.
const ESCAPES = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x07|\r/g;

export function plainText(text) {
    return text.replace(ESCAPES, "");
}

export function endsWithFreshPrompt(text) {
    return FRESH_PROMPT.test(text.slice(-300));
}

/** Does the step's expect (a regular expression, multi-line) match what the console showed since the step began? */
export function expectMatches(expect, transcript) {
    return new RegExp(expect, "m").test(plainText(transcript));
}

/**
 * Follows the console: `transcript` is everything since reset(); onCommandDone() is called when the student
 * pressed Enter and the shell then showed a fresh prompt (once per command).
 */
export class ConsoleWatcher {
    constructor(onCommandDone) {
        this.onCommandDone = onCommandDone;
        this.decoder = new TextDecoder();
        this.transcript = "";
        this.tail = "";
        this.entered = false;
    }

    reset() {
        this.transcript = "";
    }

    /** The student typed (or pasted) `data`. */
    typed(data) {
        if (data.includes("\r")) {
            this.entered = true;
        }
    }

    /** The guest printed `bytes` on its console. */
    printed(bytes) {
        const text = this.decoder.decode(bytes, { stream: true });
        this.transcript += text;
        this.tail = (this.tail + text).slice(-300);
        if (this.entered && endsWithFreshPrompt(this.tail)) {
            this.entered = false;
            this.onCommandDone();
        }
    }
}
