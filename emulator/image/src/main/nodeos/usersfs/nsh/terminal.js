'use strict';
// The terminal's width as the kernel knows it now. The page (or `stty cols N`) changes a tty's size with
// TIOCSWINSZ at any moment; the kernel then sends SIGWINCH to the terminal's foreground process group, and Node.js
// updates stream.columns when that signal is handled, which may be after the command that needs the width has run.
// So the size is read again (TIOCGWINSZ, through the tty handle) each time it is needed.

// Columns of `stream` if it is a terminal (COLUMNS in `env` first, as busybox and GNU programs do), else null.
function terminalColumns(stream, env = {}) {
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  if (!stream?.isTTY) return null;
  if (fromEnv > 1 && fromEnv < 30000) return fromEnv;
  try {
    stream._refreshSize?.(); // tty.WriteStream's own re-read (Node.js since 0.x); emits 'resize' on a change
  } catch (e) {
    // keep the last size known
  }
  return stream.columns > 0 ? stream.columns : 80;
}

// `names` in columns sorted down then across (as `ls -C` does), each line at most `width` characters.
function inColumns(names, width) {
  if (names.length === 0) return '';
  const cell = Math.max(...names.map((n) => n.length)) + 2;
  let perLine = Math.max(1, Math.floor((width + 2) / cell));
  const rows = Math.ceil(names.length / perLine);
  perLine = Math.ceil(names.length / rows);
  let out = '';
  for (let r = 0; r < rows; r++) {
    const line = [];
    for (let c = 0; c < perLine && c * rows + r < names.length; c++) line.push(names[c * rows + r]);
    out += line.map((n, i) => (i === line.length - 1 ? n : n.padEnd(cell))).join('') + '\n';
  }
  return out;
}

module.exports = { terminalColumns, inColumns };
