#!/usr/bin/env node
'use strict';
// nsh, the NodeOS shell: a small POSIX-like shell in JavaScript (NodeOS had one called nsh too).
//
//   nsh                 interactive on a terminal (line editing, history in ~/.nsh_history), else reads stdin
//   nsh -c 'COMMANDS'   runs COMMANDS and exits with their status
//   nsh FILE            runs the commands in FILE
//
// On the console, `exit` and Ctrl-D on an empty line end the session like a login shell's: logon (run by init from
// /etc/inittab with `respawn`) returns, init starts it again, and a fresh login (message of the day, new prompt,
// variables reset, history kept in ~/.nsh_history) follows after a few seconds (6-9 s under QEMU TCG).
// Ctrl-C at the prompt clears the line; while a program runs, the terminal sends SIGINT to the session's process
// group: the program ends (status 130), while nsh and logon keep running (they handle SIGINT, without ignoring it).
//
// The parts: lexer.js (quoting, escapes, variables), parser.js (pipelines, lists, redirections), runner.js
// (builtins and programs, pipes, $(...)), builtins.js (cd ls cat echo env exit export unset pwd history help),
// editor.js (line editing), completion.js (Tab), glob.js (* ? [...]).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { tokenize } = require('./lexer');
const { parse } = require('./parser');
const { Runner } = require('./runner');
const { LineEditor } = require('./editor');
const { complete } = require('./completion');
const { builtins } = require('./builtins');

const HISTORY_SIZE = 500;

class Shell {
  constructor(stdout, stderr, parent = null) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.vars = { ...(parent?.vars ?? process.env) };
    this.exported = new Set(parent?.exported ?? Object.keys(process.env));
    this.status = parent?.status ?? 0;
    this.exiting = false;
    this.history = parent?.history ?? [];
    this.runner = new Runner(this);
  }

  // A shell for $(...): a copy of this one's variables, writing to `stdout`.
  subshell(stdout) {
    return new Shell(stdout, this.stderr, this);
  }

  environment() {
    const env = {};
    for (const name of this.exported) if (this.vars[name] !== undefined) env[name] = this.vars[name];
    return env;
  }

  lookup(name) {
    if (name === '?') return String(this.status);
    if (name === '$') return String(process.pid);
    if (name === '!') return this.lastBackgroundPid === undefined ? undefined : String(this.lastBackgroundPid);
    if (name === '0') return 'nsh';
    return this.vars[name];
  }

  error(message) {
    this.stderr.write('nsh: ' + message + '\n');
  }

  exit(status) {
    this.status = status;
    this.exiting = true;
  }

  // Runs one (complete) piece of input; returns its status.
  async run(text) {
    let list;
    try {
      list = parse(tokenize(text));
    } catch (e) {
      this.error(e.message);
      this.status = 2;
      return this.status;
    }
    return this.runner.runList(list);
  }

  prompt() {
    const cwd = process.cwd();
    const home = this.vars.HOME;
    const shown = home && home !== '/' && (cwd === home || cwd.startsWith(home + '/')) ? '~' + cwd.slice(home.length) : cwd;
    const user = this.vars.USER ?? os.userInfo().username;
    return user + ':' + shown + (process.getuid() === 0 ? '# ' : '$ ');
  }
}

// Reads lines until a complete command is collected (asking for more after an open quote or a trailing |).
async function readCommand(readLine, firstPrompt) {
  let text = await readLine(firstPrompt);
  for (;;) {
    if (text === null) return null;
    try {
      tokenize(text);
      return text;
    } catch (e) {
      if (!e.incomplete) return text; // let run() report it
      const more = await readLine('> ');
      if (more === null) return text;
      text += '\n' + more;
    }
  }
}

async function interactive(shell) {
  const historyFile = path.join(shell.vars.HOME ?? os.homedir(), '.nsh_history');
  try {
    shell.history = fs.readFileSync(historyFile, 'utf8').split('\n').filter((l) => l !== '').slice(-HISTORY_SIZE);
  } catch (e) {
    // no history yet
  }
  const completer = (line, cursor) => complete(line, cursor,
    { builtins: Object.keys(builtins), pathVar: shell.vars.PATH, home: shell.vars.HOME });
  const editor = new LineEditor(process.stdin, process.stdout, shell.history, completer);
  // Ctrl-C while a program runs goes to the program (same terminal), not to the shell.
  process.on('SIGINT', () => {});
  while (!shell.exiting) {
    const text = await readCommand((p) => editor.readLine(p), shell.prompt());
    if (text === null) break;
    if (text.trim() !== '') {
      if (shell.history[shell.history.length - 1] !== text) {
        shell.history.push(text);
        if (shell.history.length > HISTORY_SIZE) shell.history.shift();
        try {
          fs.appendFileSync(historyFile, text.replace(/\n/g, ' ') + '\n');
        } catch (e) {
          // a read-only home keeps history in memory only
        }
      }
      await shell.run(text);
    }
  }
  return shell.status;
}

async function fromStream(shell, stream) {
  const lines = require('readline').createInterface({ input: stream, terminal: false });
  let pending = '';
  for await (const line of lines) {
    pending = pending === '' ? line : pending + '\n' + line;
    try {
      tokenize(pending);
    } catch (e) {
      if (e.incomplete) continue;
    }
    await shell.run(pending);
    pending = '';
    if (shell.exiting) break;
  }
  if (pending !== '' && !shell.exiting) await shell.run(pending);
  return shell.status;
}

async function main(args) {
  const shell = new Shell(process.stdout, process.stderr);
  if (args[0] === '-c') {
    await shell.run(args[1] ?? '');
    return shell.status;
  }
  if (args.length > 0) return fromStream(shell, fs.createReadStream(args[0]));
  if (process.stdin.isTTY && process.stdout.isTTY) return interactive(shell);
  return fromStream(shell, process.stdin);
}

module.exports = { Shell, main };

if (require.main === module) {
  main(process.argv.slice(2)).then((status) => process.exit(status), (e) => {
    process.stderr.write('nsh: ' + (e.stack ?? e) + '\n');
    process.exit(70);
  });
}
