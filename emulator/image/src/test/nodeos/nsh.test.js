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
