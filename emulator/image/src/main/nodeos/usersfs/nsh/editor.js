'use strict';
// nsh's line editor: reads one line from a terminal in raw mode, with editing keys and history.
// It redraws the whole input after each change, so lines longer than the terminal width wrap and edit correctly:
// the cursor goes back up to where the prompt began, the prompt and line are written again, and the rest of the
// screen is cleared (the "multi-line" method of small editors such as linenoise).
// Tab asks the completer (completion.js) what the word under the cursor may become: one candidate is inserted,
// several insert what they have in common, and a second Tab that had nothing to insert lists them, as in bash.

const { commonPrefix } = require('./completion');
const { terminalColumns } = require('./terminal');

const KEYS = {
  '\x1b[A': 'up', '\x1bOA': 'up', '\x1b[B': 'down', '\x1bOB': 'down',
  '\x1b[C': 'right', '\x1bOC': 'right', '\x1b[D': 'left', '\x1bOD': 'left',
  '\x1b[H': 'home', '\x1bOH': 'home', '\x1b[1~': 'home', '\x1b[F': 'end', '\x1bOF': 'end', '\x1b[4~': 'end',
  '\x1b[3~': 'delete',
  '\x01': 'home', '\x05': 'end', '\x02': 'left', '\x06': 'right', '\x10': 'up', '\x0e': 'down',
  '\x7f': 'backspace', '\x08': 'backspace', '\x0b': 'kill-end', '\x15': 'kill-start', '\x17': 'kill-word',
  '\x0c': 'clear', '\x03': 'interrupt', '\x04': 'eof', '\r': 'enter', '\n': 'enter', '\t': 'tab',
};

class LineEditor {
  // completer(line, cursor) -> { start, candidates: [{ text, display }] }, or null for no completion.
  constructor(input, output, history, completer = null) {
    this.input = input;
    this.output = output;
    this.history = history;
    this.completer = completer;
    this.lastKey = null;
  }

  columns() {
    return this.output.isTTY ? terminalColumns(this.output) : this.output.columns > 0 ? this.output.columns : 80;
  }

  // Resolves to the line typed, or null on Ctrl-D at an empty line.
  readLine(prompt) {
    return new Promise((resolve) => {
      this.prompt = prompt;
      this.line = '';
      this.cursor = 0;
      this.rowsAboveCursor = 0;
      this.browse = this.history.length; // index into history while browsing with up/down
      this.draft = '';
      this.pending = '';
      this.lastKey = null;
      const finish = (result) => {
        this.input.removeListener('data', onData);
        this.input.setRawMode(false);
        this.input.pause();
        resolve(result);
      };
      const onData = (data) => {
        this.pending += data.toString('utf8');
        while (this.pending.length > 0) {
          const key = this.nextKey();
          if (key === null) break; // an escape sequence cut in two: wait for the rest
          const result = this.handle(key);
          this.lastKey = key;
          if (result !== undefined) {
            finish(result);
            return;
          }
        }
      };
      this.input.setRawMode(true);
      this.input.on('data', onData);
      this.input.resume();
      this.render();
    });
  }

  // Takes one key (a character or an escape sequence) off the pending input.
  nextKey() {
    const p = this.pending;
    if (p[0] === '\x1b') {
      if (p.length === 1) return null;
      const m = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(p);
      if (m === null) {
        if (/^\x1b\[[0-9;]*$/.test(p)) return null;
        this.pending = p.slice(1);
        return '\x1b';
      }
      this.pending = p.slice(m[0].length);
      return m[0];
    }
    const char = String.fromCodePoint(p.codePointAt(0));
    this.pending = p.slice(char.length);
    return char;
  }

  // Applies one key; returns the finished line (or null for end of input) when the line is done.
  handle(key) {
    const action = KEYS[key];
    switch (action) {
      case 'enter':
        this.cursor = this.line.length;
        this.render();
        this.output.write('\r\n');
        return this.line;
      case 'eof':
        if (this.line === '') {
          this.output.write('\r\n');
          return null;
        }
        return this.edit(this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1), this.cursor);
      case 'interrupt':
        this.cursor = this.line.length;
        this.render();
        this.output.write('^C\r\n');
        this.line = '';
        this.cursor = 0;
        this.rowsAboveCursor = 0;
        this.browse = this.history.length;
        this.render();
        return undefined;
      case 'left': return this.move(this.cursor - 1);
      case 'right': return this.move(this.cursor + 1);
      case 'home': return this.move(0);
      case 'end': return this.move(this.line.length);
      case 'backspace':
        if (this.cursor === 0) return undefined;
        return this.edit(this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor), this.cursor - 1);
      case 'delete':
        return this.edit(this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1), this.cursor);
      case 'kill-end': return this.edit(this.line.slice(0, this.cursor), this.cursor);
      case 'kill-start': return this.edit(this.line.slice(this.cursor), 0);
      case 'kill-word': {
        const before = this.line.slice(0, this.cursor).replace(/\S+\s*$/, '');
        return this.edit(before + this.line.slice(this.cursor), before.length);
      }
      case 'clear':
        this.output.write('\x1b[H\x1b[2J');
        this.rowsAboveCursor = 0;
        this.render();
        return undefined;
      case 'up': return this.recall(this.browse - 1);
      case 'down': return this.recall(this.browse + 1);
      case 'tab': return this.complete();
      default:
        if (key < ' ' || key.startsWith('\x1b')) return undefined; // other control keys do nothing
        if (this.cursor === this.line.length && (this.prompt.length + this.line.length + key.length) % this.columns() !== 0) {
          // Typing at the end of the line, away from the right margin: echo the key, no need to redraw.
          this.line += key;
          this.cursor = this.line.length;
          this.rowsAboveCursor = Math.floor((this.prompt.length + this.cursor) / this.columns());
          this.output.write(key);
          return undefined;
        }
        return this.edit(this.line.slice(0, this.cursor) + key + this.line.slice(this.cursor), this.cursor + key.length);
    }
  }

  complete() {
    const found = this.completer?.(this.line, this.cursor);
    if (!found || found.candidates.length === 0) {
      this.output.write('\x07'); // the bell: nothing to complete
      return undefined;
    }
    const texts = found.candidates.map((c) => c.text);
    const insert = found.candidates.length === 1 ? texts[0] : commonPrefix(texts);
    if (insert.length > this.cursor - found.start) {
      this.completedLast = true;
      return this.edit(this.line.slice(0, found.start) + insert + this.line.slice(this.cursor), found.start + insert.length);
    }
    // As in bash (readline): a Tab right after a Tab that inserted nothing lists the candidates.
    const listNow = this.lastKey === '\t' && !this.completedLast;
    this.completedLast = false;
    if (!listNow) {
      this.output.write('\x07');
      return undefined;
    }
    // Second Tab with nothing more to insert: list the candidates in columns below, then draw the line again.
    const cursor = this.cursor;
    this.move(this.line.length);
    const names = found.candidates.map((c) => c.display);
    const width = Math.max(...names.map((n) => n.length)) + 2;
    const perRow = Math.max(1, Math.floor(this.columns() / width));
    let list = '\r\n';
    for (let i = 0; i < names.length; i++) {
      list += (i % perRow === perRow - 1 || i === names.length - 1) ? names[i] + '\r\n' : names[i].padEnd(width);
    }
    this.output.write(list);
    this.rowsAboveCursor = 0;
    return this.move(cursor);
  }

  edit(line, cursor) {
    this.line = line;
    this.cursor = cursor;
    this.render();
    return undefined;
  }

  move(cursor) {
    this.cursor = Math.max(0, Math.min(this.line.length, cursor));
    this.render();
    return undefined;
  }

  recall(index) {
    if (index < 0 || index > this.history.length) return undefined;
    if (this.browse === this.history.length) this.draft = this.line;
    this.browse = index;
    const line = index === this.history.length ? this.draft : this.history[index];
    return this.edit(line, line.length);
  }

  // Redraws prompt and line, then puts the cursor where it belongs (rows and columns counted from the prompt).
  render() {
    const width = this.columns();
    let out = '';
    if (this.rowsAboveCursor > 0) out += '\x1b[' + this.rowsAboveCursor + 'A';
    out += '\r' + this.prompt + this.line;
    const end = this.prompt.length + this.line.length;
    const at = this.prompt.length + this.cursor;
    // At an exact multiple of the width the terminal has not wrapped yet: force the cursor onto the next row
    // before clearing, or a VT100 (xterm, not xterm.js) would erase the last character, under its cursor.
    if (end > 0 && end % width === 0) out += ' \r';
    out += '\x1b[J';
    const endRow = Math.floor(end / width);
    const atRow = Math.floor(at / width);
    if (endRow > atRow) out += '\x1b[' + (endRow - atRow) + 'A';
    out += '\r';
    if (at % width > 0) out += '\x1b[' + (at % width) + 'C';
    this.rowsAboveCursor = atRow;
    this.output.write(out);
  }
}

module.exports = { LineEditor };
