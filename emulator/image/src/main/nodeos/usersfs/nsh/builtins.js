'use strict';
// nsh's builtin commands. Each gets (args, io, shell) and returns an exit status (or a promise of one).
// io.stdin is a readable stream (or null: nothing piped or redirected in), io.stdout / io.stderr are writables,
// io.env the environment a program would get (exported variables plus NAME=value words before the command).
// They run inside the shell's own process, which is why cd, export and exit must be builtins.

const fs = require('fs');
const path = require('path');
const { terminalColumns, inColumns } = require('./terminal');

function write(stream, text) {
  return new Promise((resolve) => (stream.write(text) ? resolve() : stream.once('drain', resolve)));
}

function complain(io, name, message) {
  io.stderr.write(name + ': ' + message + '\n');
  return 1;
}

function errorText(e) {
  return { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory',
    EISDIR: 'is a directory' }[e.code] ?? e.message;
}

const builtins = {
  cd(args, io, shell) {
    let target = args[0] ?? shell.vars.HOME ?? '/';
    if (target === '-') {
      target = shell.vars.OLDPWD ?? process.cwd();
      io.stdout.write(target + '\n');
    }
    try {
      const before = process.cwd();
      process.chdir(target);
      shell.vars.OLDPWD = before;
      shell.vars.PWD = process.cwd();
      return 0;
    } catch (e) {
      return complain(io, 'cd', target + ': ' + errorText(e));
    }
  },

  // On a terminal, names in columns as wide as the terminal is now; into a pipe or file (or with -1), one a line.
  async ls(args, io) {
    const long = args.some((a) => /^-[a-z1]*l/.test(a));
    const all = args.some((a) => /^-[a-z1]*a/.test(a));
    const width = args.some((a) => /^-[a-z]*1/.test(a)) ? null : terminalColumns(io.stdout, io.env);
    const paths = args.filter((a) => !a.startsWith('-') || a === '-');
    if (paths.length === 0) paths.push('.');
    let status = 0;
    for (const p of paths) {
      let stat;
      try {
        stat = fs.lstatSync(p);
      } catch (e) {
        status = complain(io, 'ls', p + ': ' + errorText(e));
        continue;
      }
      let names = [p];
      let dir = '';
      if (stat.isDirectory()) {
        dir = p;
        names = fs.readdirSync(p).filter((n) => all || !n.startsWith('.')).sort();
        if (paths.length > 1) await write(io.stdout, p + ':\n');
      }
      if (long) {
        for (const n of names) await write(io.stdout, longLine(dir ? path.join(dir, n) : n, n) + '\n');
      } else if (names.length > 0) {
        await write(io.stdout, width === null ? names.join('\n') + '\n' : inColumns(names, width));
      }
    }
    return status;
  },

  async cat(args, io) {
    const files = args.length > 0 ? args : ['-'];
    let status = 0;
    for (const f of files) {
      const input = f === '-' ? io.stdin : fs.createReadStream(f);
      if (input === null) continue; // nothing piped in and no tty to read from: like cat </dev/null
      try {
        for await (const chunk of input) await write(io.stdout, chunk);
      } catch (e) {
        status = complain(io, 'cat', f + ': ' + errorText(e));
      }
    }
    return status;
  },

  echo(args, io) {
    const noNewline = args[0] === '-n';
    io.stdout.write((noNewline ? args.slice(1) : args).join(' ') + (noNewline ? '' : '\n'));
    return 0;
  },

  env(args, io) {
    io.stdout.write(Object.keys(io.env).sort().map((k) => k + '=' + io.env[k] + '\n').join(''));
    return 0;
  },

  exit(args, io, shell) {
    const status = args[0] === undefined ? shell.status : Number(args[0]) & 255;
    shell.exit(status);
    return status;
  },

  export(args, io, shell) {
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) shell.vars[name] = a.slice(eq + 1);
      shell.exported.add(name);
    }
    return 0;
  },

  unset(args, io, shell) {
    for (const name of args) {
      delete shell.vars[name];
      shell.exported.delete(name);
    }
    return 0;
  },

  pwd(args, io) {
    io.stdout.write(process.cwd() + '\n');
    return 0;
  },

  history(args, io, shell) {
    shell.history.forEach((line, n) => io.stdout.write(String(n + 1).padStart(5) + '  ' + line + '\n'));
    return 0;
  },

  // The login session (/lib/nodeos/logon, running as root) powers off or reboots when the shell exits with
  // 200 or 201 (and boots a program as PID 1 on 202, see boot): an unprivileged user cannot signal init, logon can.
  poweroff(args, io, shell) {
    shell.exit(200);
    return 200;
  },

  reboot(args, io, shell) {
    shell.exit(201);
    return 201;
  },

  // boot FILE: the session ends and logon starts FILE (a program in this user's root, such as an init written in
  // Node.js) as PID 1 of a new PID namespace: a process tree of its own on the same kernel, as containers do.
  // When it exits, every process of that tree ends and init gives the console a fresh login.
  boot(args, io, shell) {
    if (args.length !== 1) return complain(io, 'boot', 'usage: boot FILE (a program to run as PID 1, e.g. boot /init.js)');
    const file = path.resolve(args[0]);
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch (e) {
      return complain(io, 'boot', args[0] + ': ' + errorText(e));
    }
    fs.writeFileSync('/.nodeos-boot', file + '\n');
    shell.exit(202);
    return 202;
  },

  true: () => 0,
  false: () => 1,

  help(args, io) {
    io.stdout.write([
      'nsh, the NodeOS shell (JavaScript). Builtins: ' + Object.keys(builtins).sort().join(' '),
      'Other commands are run from $PATH; npm packages you install add theirs (in /node_modules/.bin).',
      "Pipes a | b, redirections < > >> 2> 2>&1, lists ; && || &, 'quotes' \"quotes\" \\escapes, $VARS, globs *.",
      'Command substitution $(...). Keys: Tab completes commands and file names (twice: lists them), arrows,',
      'Home/End, Ctrl-A/E/B/F/K/U/W/L, Up/Down for history, Ctrl-C cancels, Ctrl-D on an empty line logs out.',
      '',
    ].join('\n'));
    return 0;
  },
};

function longLine(file, name) {
  let st;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    return '?????????? ' + name;
  }
  const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isCharacterDevice() ? 'c'
    : st.isBlockDevice() ? 'b' : st.isFIFO() ? 'p' : st.isSocket() ? 's' : '-';
  let perms = '';
  for (let bit = 8; bit >= 0; bit--) perms += (st.mode & (1 << bit)) ? 'rwx'[(8 - bit) % 3] : '-';
  const target = st.isSymbolicLink() ? ' -> ' + fs.readlinkSync(file) : '';
  const when = st.mtime.toISOString().slice(0, 16).replace('T', ' ');
  return `${type}${perms} ${String(st.uid).padStart(5)} ${String(st.gid).padStart(5)} ${String(st.size).padStart(9)} ${when} ${name}${target}`;
}

module.exports = { builtins };
