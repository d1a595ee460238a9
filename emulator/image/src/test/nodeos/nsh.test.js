'use strict';
// Tests of nsh, the NodeOS shell, on the host's Node.js (run by NshTest through `node --test`).
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { EventEmitter } = require('events');
const { execFileSync, spawnSync } = require('child_process');

const NSH = path.join(__dirname, '../../main/nodeos/usersfs/nsh');
const { tokenize, expandWord } = require(path.join(NSH, 'lexer.js'));
const { parse } = require(path.join(NSH, 'parser.js'));
const { LineEditor } = require(path.join(NSH, 'editor.js'));

function words(line, vars = {}) {
  return tokenize(line).map((t) => (t.type === 'op' ? t.value : expandWord(t, (n) => vars[n]).value));
}

function nsh(script, cwd) {
  const r = spawnSync(process.execPath, [path.join(NSH, 'nsh.js'), '-c', script],
    { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/home/test' } });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

test('quoting and escapes as in a POSIX shell', () => {
  assert.deepStrictEqual(words(`echo 'a  b' "c  d" e\\ f "g\\"h" 'i\\j'`), ['echo', 'a  b', 'c  d', 'e f', 'g"h', 'i\\j']);
  assert.deepStrictEqual(words(`echo "$X-\${X}y" '$X' \\$X`, { X: '1' }), ['echo', '1-1y', '$X', '$X']);
  assert.deepStrictEqual(words('a|b&&c||d;e>f>>g<h 2>i 2>&1'),
    ['a', '|', 'b', '&&', 'c', '||', 'd', ';', 'e', '>', 'f', '>>', 'g', '<', 'h', '2>', 'i', '2>&1']);
  assert.deepStrictEqual(words('echo "" x # comment'), ['echo', '', 'x']);
  assert.deepStrictEqual(words('echo ~ ~/a "~"', { HOME: '/h' }), ['echo', '/h', '/h/a', '~']);
});

test('unfinished input asks for more', () => {
  for (const line of ["echo 'a", 'echo "a', 'echo a\\', 'ls |', 'true &&']) {
    assert.throws(() => tokenize(line), (e) => e.incomplete === true, line);
  }
});

test('parser builds pipelines, lists and redirections', () => {
  const list = parse(tokenize('A=1 B="x y" env | grep A > out; false || echo no &'));
  assert.deepStrictEqual(list.map((item) => item.then), [';', '||', '&']);
  assert.strictEqual(list[0].pipeline.length, 2);
  assert.deepStrictEqual(list[0].pipeline[0].assignments.map((a) => a[0]), ['A', 'B']);
  assert.strictEqual(list[0].pipeline[1].redirects[0].fd, 1);
  assert.deepStrictEqual(parse(tokenize('a\nb |\nc\n\n')).map((item) => item.pipeline.length), [1, 2]);
  assert.throws(() => parse(tokenize('| a')), /missing command/);
});

test('nsh runs builtins, programs, pipes, redirections and lists', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsh-'));
  fs.writeFileSync(path.join(dir, 'b.txt'), 'bee\n');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'ay\n');
  const r = nsh([
    'echo hello world | tr a-z A-Z',
    'X=5; echo "x=$X"',
    'false; echo "status=$?"',
    'false && echo no || echo yes',
    'echo one > f.txt; echo two >> f.txt; cat < f.txt',
    'ls *.txt',
    'ls /no/such 2>&1 | cat',
    'cat a.txt b.txt | sort -r',
    'cd /; pwd',
    'Y=local env | grep "^Y="',
    'nosuchcommand',
    'echo after=$?',
  ].join('\n'), dir);
  assert.strictEqual(r.out, ['HELLO WORLD', 'x=5', 'status=1', 'yes', 'one', 'two', 'a.txt\nb.txt\nf.txt',
    'ls: /no/such: no such file or directory', 'bee', 'ay', '/', 'Y=local', 'after=127', ''].join('\n'));
  assert.match(r.err, /nosuchcommand: command not found/);
});

test('exit sets the status', () => {
  assert.strictEqual(nsh('exit 3; echo not here').status, 3);
  assert.strictEqual(nsh('true').status, 0);
});

// A stand-in for a terminal: the editor reads keys from `input` and draws on `output`.
function fakeTerminal(columns = 80) {
  const input = new EventEmitter();
  input.setRawMode = () => {};
  input.pause = () => {};
  input.resume = () => {};
  const output = { columns, text: '', write(s) { this.text += s; return true; } };
  return { input, output, type: (keys) => input.emit('data', Buffer.from(keys)) };
}

test('line editor: editing keys and history', async () => {
  const term = fakeTerminal();
  const editor = new LineEditor(term.input, term.output, ['echo old']);
  let line = editor.readLine('$ ');
  term.type('wrld\x1b[D\x1b[D\x1b[Do\x01echo \x05!\r');
  assert.strictEqual(await line, 'echo world!');
  line = editor.readLine('$ ');
  term.type('\x1b[A\r');
  assert.strictEqual(await line, 'echo old');
  line = editor.readLine('$ ');
  term.type('abc def\x17x\x15y\r'); // Ctrl-W deletes a word, Ctrl-U the start of the line
  assert.strictEqual(await line, 'y');
  line = editor.readLine('$ ');
  term.type('\x04');
  assert.strictEqual(await line, null);
});

test('line editor: lines longer than the terminal', async () => {
  const term = fakeTerminal(10);
  const editor = new LineEditor(term.input, term.output, []);
  const long = 'x'.repeat(35);
  const line = editor.readLine('$ ');
  term.type(long + '\x01y\r');
  assert.strictEqual(await line, 'y' + long);
  // Going home from the 4th row moved the cursor up 3 rows.
  assert.ok(term.output.text.includes('\x1b[3A'), JSON.stringify(term.output.text));
});

test('$(...) runs a command and puts its output in the line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsh-'));
  fs.writeFileSync(path.join(dir, 'x.js'), '');
  const r = nsh([
    'echo [$(echo a   b)] "[$(echo a   b)]"',
    'echo $(echo $(echo nested) "q)q")',
    'v=$(pwd; cd /; pwd); echo "$v"; pwd',
    'n=$(false); echo status=$?',
    'echo "$(printf "a\\n\\n")|" $(true) end',
    'echo $(echo "*.js") "$(echo "*.js")"',
    'echo $(echo hi | tr a-z A-Z)!',
    'echo "$(echo one; echo two)"',
  ].join('\n'), dir);
  assert.strictEqual(r.err, '');
  assert.strictEqual(r.out, ['[a b] [a b]', 'nested q)q', dir + '\n/', dir, 'status=1', 'a| end', 'x.js *.js', 'HI!',
    'one\ntwo', ''].join('\n'));
  assert.throws(() => tokenize('echo $(echo'), (e) => e.incomplete === true);
});

test('tab completion: commands in command position, files elsewhere', () => {
  const { complete } = require(path.join(NSH, 'completion.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsh-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'my folder'));
  for (const f of ['bin/hello', 'bin/help-me']) fs.writeFileSync(path.join(dir, f), '', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'notes.txt'), '');
  fs.writeFileSync(path.join(dir, '.hidden'), '');
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const options = { builtins: ['help', 'history'], pathVar: path.join(dir, 'bin'), home: dir };
    const texts = (line) => complete(line, line.length, options).candidates.map((c) => c.text);
    assert.deepStrictEqual(texts('hel'), ['hello ', 'help ', 'help-me ']);
    assert.deepStrictEqual(texts('echo x | hi'), ['history ']);
    assert.deepStrictEqual(texts('echo $(hi'), ['history ']);
    assert.deepStrictEqual(texts('cat no'), ['notes.txt ']);
    assert.deepStrictEqual(texts('cat my'), ['my\\ folder/']);
    assert.deepStrictEqual(texts('cat ~/b'), ['~/bin/']);
    assert.deepStrictEqual(texts('cat bin/he'), ['bin/hello ', 'bin/help-me ']);
    assert.deepStrictEqual(texts('cat .h'), ['.hidden ']);
    assert.deepStrictEqual(texts('cat '), ['bin/', 'my\\ folder/', 'notes.txt ']);
    assert.strictEqual(complete('cat bin/he', 10, options).start, 4);
  } finally {
    process.chdir(cwd);
  }
});

test('line editor: Tab inserts, extends to the common part, lists on the second Tab', async () => {
  const term = fakeTerminal(40);
  const candidates = { ec: ['echo ', 'echidna '], ech: ['echo ', 'echidna '], x: ['xyz '] };
  const completer = (line, cursor) => {
    const word = line.slice(0, cursor).split(' ').pop();
    const list = candidates[word] ?? [];
    return { start: cursor - word.length, candidates: list.map((t) => ({ text: t, display: t.trim() })) };
  };
  const editor = new LineEditor(term.input, term.output, [], completer);
  let line = editor.readLine('$ ');
  term.type('x\t\r');
  assert.strictEqual(await line, 'xyz ');
  line = editor.readLine('$ ');
  term.type('ec\t');
  assert.ok(term.output.text.endsWith('$ ech\x1b[J\r\x1b[5C'), 'the common part inserted');
  term.type('\t');
  assert.ok(term.output.text.endsWith('\x07'), 'a bell when Tab can add nothing');
  assert.doesNotMatch(term.output.text, /echidna/);
  term.type('\t');
  assert.match(term.output.text, /\r\necho {5}echidna\r\n\r\$ ech\x1b\[J/, 'the next Tab lists');
  term.type('o\r');
  assert.strictEqual(await line, 'echo');
  line = editor.readLine('$ ');
  term.type('ech\t');
  assert.ok(term.output.text.endsWith('\x07'), 'a bell when Tab can add nothing');
  term.type('\x03\x04');
  assert.strictEqual(await line, null);
});

// A model of a terminal such as xterm.js: a grid of cells, a cursor, and the "pending wrap" of the last column
// (a character written there leaves the cursor on it; the next character goes to the next row first).
function screen(columns, rows = 24) {
  const grid = Array.from({ length: rows }, () => Array(columns).fill(' '));
  let x = 0;
  let y = 0;
  let pendingWrap = false;
  const down = () => {
    if (y === rows - 1) {
      grid.shift();
      grid.push(Array(columns).fill(' '));
    } else y++;
  };
  return {
    write(s) {
      for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (c === '\x1b') {
          const m = /^\x1b\[(\d*)([A-Za-z])/.exec(s.slice(i));
          const n = m[1] === '' ? 1 : Number(m[1]);
          if (m[2] === 'A') y = Math.max(0, y - n);
          else if (m[2] === 'C') x = Math.min(columns - 1, x + n);
          else if (m[2] === 'J') {
            grid[y].fill(' ', x);
            for (let r = y + 1; r < rows; r++) grid[r].fill(' ');
          } else throw new Error('unexpected escape ' + JSON.stringify(m[0]));
          pendingWrap = false;
          i += m[0].length - 1;
        } else if (c === '\r') {
          x = 0;
          pendingWrap = false;
        } else if (c === '\n') {
          down();
          pendingWrap = false;
        } else if (c !== '\x07') {
          if (pendingWrap) {
            x = 0;
            down();
            pendingWrap = false;
          }
          grid[y][x] = c;
          if (x === columns - 1) pendingWrap = true;
          else x++;
        }
      }
      return true;
    },
    text: () => grid.map((r) => r.join('').trimEnd()).join('\n').trimEnd(),
    cursor: () => ({ x, y }),
  };
}

test('line editor: every edit of a long line leaves the terminal showing the line and the cursor in place', async () => {
  const columns = 12;
  const keys = ['a', 'b', 'c', 'd', 'e', ' ', '\x1b[D', '\x1b[C', '\x7f', '\x01', '\x05', '\x1b[3~', '\x17', '\x0b'];
  let seed = 7;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 30; round++) {
    const term = fakeTerminal(columns);
    const shown = screen(columns);
    term.output.write = (s) => shown.write(s);
    const editor = new LineEditor(term.input, term.output, []);
    const done = editor.readLine('nodeos:/$ ');
    let typed = '';
    for (let k = 0; k < 60; k++) {
      const key = random(3) === 0 ? keys[6 + random(keys.length - 6)] : keys[random(6)];
      term.type(key);
      typed += key;
      const expected = ('nodeos:/$ ' + editor.line).match(new RegExp('.{1,' + columns + '}', 'g'))
        .map((row) => row.trimEnd()).join('\n').trimEnd();
      const context = JSON.stringify(typed);
      assert.strictEqual(shown.text(), expected, context);
      const at = 'nodeos:/$ '.length + editor.cursor;
      assert.deepStrictEqual(shown.cursor(), { x: at % columns, y: Math.floor(at / columns) }, context);
    }
    term.type('\r');
    await done;
  }
});

test('$! is the last background program; boot wants one file', () => {
  const r = nsh('sleep 0.2 & echo "pid=$!"; boot; echo status=$?; boot /no/such; echo status=$?');
  assert.match(r.out, /^pid=\d+\nstatus=1\nstatus=1\n$/);
  assert.match(r.err, /boot: usage: boot FILE/);
  assert.match(r.err, /boot: \/no\/such: no such file or directory/);
});

test('a background program is started (and its [pid] printed) before the shell goes on', async () => {
  const { Shell } = require(path.join(NSH, 'nsh.js'));
  const { Writable } = require('stream');
  const written = [];
  const sink = new Writable({ write(chunk, encoding, done) { written.push(chunk.toString()); done(); } });
  const shell = new Shell(sink, sink);
  const stderrWrite = process.stderr.write;
  process.stderr.write = (text) => { written.push(String(text)); return true; };
  try {
    await shell.run('sh -c "sleep 0.1" a b c d e f g h &'); // many words: many awaits before the start
    written.push('<prompt>');
  } finally {
    process.stderr.write = stderrWrite;
  }
  assert.match(written.join(''), /^\[\d+\]\n<prompt>$/);
});

// nsh under a real terminal (a pty from util-linux's `script`) whose size `stty` sets, as the lab page does through
// the agent: ls's columns follow the size the terminal has when ls runs, also right after it changed.
test('ls lays out its columns for the terminal size of the moment, one name a line into a pipe', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsh-'));
  for (const name of ['README', 'a', 'b', 'hello.js', 'kernel.log', 'node_modules', 'notes.md', 'package.json']) {
    fs.writeFileSync(path.join(dir, name), '');
  }
  const nshCommand = `${process.execPath} ${path.join(NSH, 'nsh.js')} -c 'stty size; ls; stty cols 60; ls; ls | cat'`;
  const r = spawnSync('script', ['-qec', `stty cols 34 rows 19; ${nshCommand}`, '/dev/null'],
    { cwd: dir, encoding: 'utf8', input: '', env: { PATH: process.env.PATH, HOME: '/home/test' } });
  assert.strictEqual(r.status, 0, r.stderr);
  assert.strictEqual(r.stdout.replace(/\r\n/g, '\n'), [
    '19 34',
    'README        kernel.log',
    'a             node_modules',
    'b             notes.md',
    'hello.js      package.json',
    'README        b             kernel.log    notes.md',
    'a             hello.js      node_modules  package.json',
    'README', 'a', 'b', 'hello.js', 'kernel.log', 'node_modules', 'notes.md', 'package.json', ''].join('\n'));
});

test('ls -1 and COLUMNS override the terminal as in busybox; the line editor wraps at the width of the moment', async () => {
  const { builtins } = require(path.join(NSH, 'builtins.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsh-'));
  for (const name of ['one', 'two', 'three']) fs.writeFileSync(path.join(dir, name), '');
  const tty = (columns) => ({ isTTY: true, columns, text: '', write(s) { this.text += s; return true; } });
  let out = tty(80);
  await builtins.ls(['-1', dir], { stdout: out, stderr: out, env: {} });
  assert.strictEqual(out.text, 'one\nthree\ntwo\n');
  out = tty(80);
  await builtins.ls([dir], { stdout: out, stderr: out, env: { COLUMNS: '7' } });
  assert.strictEqual(out.text, 'one\nthree\ntwo\n');
  out = tty(80);
  await builtins.ls([dir], { stdout: out, stderr: out, env: {} });
  assert.strictEqual(out.text, 'one    three  two\n');
  // A terminal resized after the editor started: the size is read again (as _refreshSize reads TIOCGWINSZ).
  const term = fakeTerminal(80);
  term.output.isTTY = true;
  term.output._refreshSize = function () { this.columns = 10; };
  assert.strictEqual(new LineEditor(term.input, term.output, []).columns(), 10);
});
