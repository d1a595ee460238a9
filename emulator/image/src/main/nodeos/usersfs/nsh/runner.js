'use strict';
// nsh's runner: executes what the parser produced. Builtins run in the shell's process; other commands are found
// on $PATH and spawned. A pipeline's stages are connected with OS pipes where both sides are programs, and with
// streams where a builtin takes part; a stage writing to the terminal gets the terminal itself (so interactive
// programs such as `node` or `vi` work).

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { PassThrough, Writable } = require('stream');
const { builtins } = require('./builtins');
const { expandGlob } = require('./glob');
const { expandWord, expandFields } = require('./lexer');

function findCommand(name, pathVar) {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of (pathVar ?? '').split(':')) {
    const candidate = path.join(dir || '.', name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file) {
  try {
    return fs.statSync(file).isFile() && (fs.accessSync(file, fs.constants.X_OK), true);
  } catch (e) {
    return false;
  }
}

const MODES = { read: 'r', write: 'w', append: 'a' };

// Opens the files a command redirects to; returns { fds: {0,1,2 -> fd}, dups: {fd -> fd} } or throws.
function openRedirects(redirects, lookup) {
  const fds = {};
  const dups = {};
  for (const r of redirects) {
    if (r.mode === 'dup') {
      dups[r.fd] = r.toFd;
      delete fds[r.fd];
    } else {
      if (fds[r.fd] !== undefined) fs.closeSync(fds[r.fd]);
      fds[r.fd] = fs.openSync(expandWord(r.file, lookup).value, MODES[r.mode], 0o666);
      delete dups[r.fd];
    }
  }
  return { fds, dups };
}

class Runner {
  constructor(shell) {
    this.shell = shell;
    this.lookup = (name) => shell.lookup(name);
  }

  expand(word) {
    return expandWord(word, this.lookup).value;
  }

  // Runs a parsed list; returns the status of the last pipeline that ran.
  async runList(list) {
    let previous = ';';
    for (const item of list) {
      const skip = (previous === '&&' && this.shell.status !== 0) || (previous === '||' && this.shell.status === 0);
      previous = item.then;
      if (skip) continue;
      if (item.then === '&') {
        // Started (and its [pid] printed) before the next prompt is drawn; not waited for.
        const job = await this.launch(item.pipeline, true);
        job.done.then((status) => { this.shell.lastBackground = status; });
        this.shell.status = 0;
      } else {
        this.shell.status = await this.runPipeline(item.pipeline, false);
      }
      if (this.shell.exiting) break;
    }
    return this.shell.status;
  }

  async runPipeline(parsed, background) {
    return (await this.launch(parsed, background)).done;
  }

  // Runs the pipeline's $(...) and starts its stages; returns { done: Promise<status of the last stage> }.
  async launch(parsed, background) {
    this.substitutionStatus = undefined;
    const commands = [];
    for (const command of parsed) commands.push(await this.substitute(command));
    // A lone NAME=value (no command) sets a shell variable; its status is that of its last $(...), as in sh.
    if (commands.length === 1 && commands[0].words.length === 0 && commands[0].redirects.length === 0) {
      for (const [name, word] of commands[0].assignments) this.shell.vars[name] = this.expand(word);
      return { done: Promise.resolve(this.substitutionStatus ?? 0) };
    }
    const stages = [];
    let upstream = null; // what the previous stage produces: { child } or { stream }
    try {
      for (let i = 0; i < commands.length; i++) {
        const last = i === commands.length - 1;
        const stage = this.start(commands[i], upstream, last, background);
        stages.push(stage);
        upstream = stage.output;
      }
    } catch (e) {
      this.shell.error(e.message);
      for (const s of stages) s.kill?.();
      await Promise.all(stages.map((s) => s.done));
      return { done: Promise.resolve(e.status ?? 1) };
    }
    return { done: Promise.all(stages.map((s) => s.done)).then((statuses) => statuses[statuses.length - 1]) };
  }

  // The command with each $(...) in its words, assignments and redirections run and replaced by its output.
  async substitute(command) {
    const word = async (w) => {
      if (!w.parts.some((p) => p.command !== undefined)) return w;
      const parts = [];
      for (const p of w.parts) {
        parts.push(p.command === undefined ? p : { text: await this.capture(p.command), quoted: p.quoted, substituted: true });
      }
      return { ...w, parts };
    };
    const words = [];
    for (const w of command.words) words.push(await word(w));
    const assignments = [];
    for (const [name, w] of command.assignments) assignments.push([name, await word(w)]);
    const redirects = [];
    for (const r of command.redirects) redirects.push(r.file ? { ...r, file: await word(r.file) } : r);
    return { assignments, words, redirects };
  }

  // Runs `text` in a subshell (a copy of the shell's variables; cd inside does not leak out) and returns what it
  // printed, trailing newlines removed; its standard error still goes to the terminal.
  async capture(text) {
    const chunks = [];
    const collector = new Writable({ write(chunk, encoding, done) { chunks.push(Buffer.from(chunk)); done(); } });
    const subshell = this.shell.subshell(collector);
    const cwd = process.cwd();
    try {
      this.substitutionStatus = await subshell.run(text);
    } finally {
      process.chdir(cwd);
    }
    return Buffer.concat(chunks).toString('utf8').replace(/\n+$/, '');
  }

  // Starts one stage; returns { done: Promise<status>, output: what it hands the next stage, kill }.
  start(command, upstream, last, background) {
    const argv = [];
    for (const word of command.words) {
      for (const { value, glob } of expandFields(word, this.lookup)) argv.push(...(glob ? expandGlob(value) : [value]));
    }
    const env = this.shell.environment();
    for (const [name, word] of command.assignments) env[name] = this.expand(word);
    const { fds, dups } = openRedirects(command.redirects, this.lookup);
    if (argv.length === 0) {
      Object.values(fds).forEach((fd) => fs.closeSync(fd));
      return { done: Promise.resolve(0), output: null };
    }
    if (builtins[argv[0]]) return this.startBuiltin(argv, env, fds, dups, upstream, last);
    const file = findCommand(argv[0], env.PATH);
    if (file === null) {
      Object.values(fds).forEach((fd) => fs.closeSync(fd));
      const e = new Error(argv[0] + ': command not found');
      e.status = 127;
      throw e;
    }
    return this.startProgram(file, argv, env, fds, dups, upstream, last, background);
  }

  startProgram(file, argv, env, fds, dups, upstream, last, background) {
    const stdio = ['inherit', 'inherit', 'inherit'];
    if (fds[0] !== undefined) stdio[0] = fds[0];
    else if (upstream?.child) stdio[0] = upstream.child.stdout;
    else if (upstream?.stream) stdio[0] = 'pipe';
    else if (upstream === null && background) stdio[0] = 'ignore';
    // A subshell whose output is captured ($(...)) hands its last stage's output to the shell's stream.
    const captured = last && this.shell.stdout !== process.stdout;
    if (fds[1] !== undefined) stdio[1] = fds[1];
    else if (!last || captured) stdio[1] = 'pipe';
    if (fds[2] !== undefined) stdio[2] = fds[2];
    if (dups[2] === 1) stdio[2] = stdio[1];
    if (dups[1] === 2) stdio[1] = stdio[2];
    // 2>&1 into a pipe: both go to pipes of their own and are merged into one stream for the next stage.
    const merge = dups[2] === 1 && stdio[1] === 'pipe';

    const child = spawn(file, argv.slice(1), { argv0: argv[0], stdio, env, cwd: process.cwd() });
    Object.values(fds).forEach((fd) => fs.closeSync(fd));
    if (upstream?.child) upstream.child.stdout.destroy(); // the child holds its own copy of the pipe
    if (upstream?.stream) {
      child.stdin.on('error', () => {}); // the program may exit without reading everything (EPIPE)
      upstream.stream.pipe(child.stdin);
    }
    let output = null;
    if (merge) {
      const joined = new PassThrough();
      let open = 2;
      for (const s of [child.stdout, child.stderr]) {
        s.on('end', () => { if (--open === 0) joined.end(); });
        s.pipe(joined, { end: false });
      }
      output = { stream: joined };
    } else if (captured && stdio[1] === 'pipe') {
      child.stdout.pipe(this.shell.stdout, { end: false });
    } else if (stdio[1] === 'pipe') {
      output = { child };
    }
    const done = new Promise((resolve) => {
      child.on('error', (e) => {
        this.shell.error(argv[0] + ': ' + e.message);
        resolve(126);
      });
      child.on(captured ? 'close' : 'exit', (code, signal) => { // close: after its output was all read
        resolve(code ?? 128 + (require('os').constants.signals[signal] ?? 0));
      });
    });
    if (background) {
      this.shell.lastBackgroundPid = child.pid; // $!
      process.stderr.write('[' + child.pid + ']\n');
    }
    return { done, output, kill: () => child.kill() };
  }

  startBuiltin(argv, env, fds, dups, upstream, last) {
    let stdin = null;
    if (fds[0] !== undefined) stdin = fs.createReadStream(null, { fd: fds[0] });
    else if (upstream?.child) stdin = upstream.child.stdout;
    else if (upstream?.stream) stdin = upstream.stream;

    const streamFor = (fd) => {
      if (fds[fd] !== undefined) return fs.createWriteStream(null, { fd: fds[fd] });
      return null;
    };
    let stdout = streamFor(1);
    let output = null;
    if (stdout === null && !last) {
      stdout = new PassThrough();
      output = { stream: stdout };
    }
    if (stdout === null) stdout = this.shell.stdout;
    let stderr = streamFor(2) ?? this.shell.stderr;
    if (dups[2] === 1) stderr = stdout;
    if (dups[1] === 2) stdout = stderr;

    const finish = (stream) => {
      if (stream !== this.shell.stdout && stream !== this.shell.stderr) {
        return new Promise((resolve) => stream.end(resolve));
      }
      return Promise.resolve();
    };
    const done = (async () => {
      let status;
      try {
        status = await builtins[argv[0]](argv.slice(1), { stdin, stdout, stderr, env }, this.shell);
      } catch (e) {
        stderr.write(argv[0] + ': ' + e.message + '\n');
        status = 1;
      }
      // Drain what was piped in but not read, so the program before us is not stuck on a full pipe.
      if (stdin !== null && stdin.readable) stdin.resume();
      await finish(stdout);
      if (stderr !== stdout) await finish(stderr);
      return status;
    })();
    return { done, output };
  }
}

module.exports = { Runner, findCommand };
