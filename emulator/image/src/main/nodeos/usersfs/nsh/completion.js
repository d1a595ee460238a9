'use strict';
// nsh's tab completion: what the word under the cursor may become.
// In command position (the first word of a command: at the start, or after | ; & && || $( ) it completes
// builtins and the programs on $PATH; elsewhere, and for a word with a slash, file names (folders get a '/').
// A completion that is finished gets a space after it, so the student can type on.

const fs = require('fs');
const path = require('path');

const WORD_BREAKS = /[^\s|;&<>()]*$/;
const COMMAND_POSITION = /(^|[|;&(]|\$\()\s*$/;

// Returns { start, candidates: [{ text, display }] }: each text replaces line.slice(start, cursor).
function complete(line, cursor, { builtins, pathVar, home }) {
  const before = line.slice(0, cursor);
  const word = WORD_BREAKS.exec(before)[0];
  const start = cursor - word.length;
  const typed = word.replace(/\\(.)/g, '$1');
  const inCommandPosition = COMMAND_POSITION.test(before.slice(0, start)) && !typed.includes('/');
  const candidates = inCommandPosition ? commands(typed, builtins, pathVar) : files(typed, home);
  return { start, candidates: candidates.map((c) => ({ text: escape(c.text) + c.suffix, display: c.display })) };
}

function commands(prefix, builtins, pathVar) {
  const names = new Set(builtins.filter((b) => b.startsWith(prefix)));
  for (const dir of (pathVar ?? '').split(':')) {
    let entries;
    try {
      entries = fs.readdirSync(dir || '.', { withFileTypes: true });
    } catch (e) {
      continue; // a folder on PATH that is missing or unreadable
    }
    for (const e of entries) {
      if (e.name.startsWith(prefix) && !e.isDirectory() && isExecutable(path.join(dir, e.name))) names.add(e.name);
    }
  }
  return [...names].sort().map((name) => ({ text: name, suffix: ' ', display: name }));
}

function files(typed, home) {
  const slash = typed.lastIndexOf('/');
  const dirPart = slash < 0 ? '' : typed.slice(0, slash + 1);
  const base = typed.slice(slash + 1);
  const dir = dirPart === '' ? '.' : dirPart.replace(/^~(?=\/)/, home ?? '~');
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return [];
  }
  return entries
    .filter((e) => e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.')))
    .map((e) => {
      const folder = e.isDirectory() || (e.isSymbolicLink() && isFolder(path.join(dir, e.name)));
      return { text: dirPart + e.name, suffix: folder ? '/' : ' ', display: e.name + (folder ? '/' : '') };
    })
    .sort((a, b) => (a.text < b.text ? -1 : 1))
    .map((c) => (c.suffix === '/' ? { ...c, text: c.text + '/', suffix: '' } : c));
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch (e) {
    return false;
  }
}

function isFolder(file) {
  try {
    return fs.statSync(file).isDirectory();
  } catch (e) {
    return false;
  }
}

// Characters the lexer would otherwise read as operators, quotes or word breaks get a backslash.
function escape(text) {
  return text.replace(/([\s|;&<>()'"\\$*?[\]#])/g, '\\$1');
}

// The longest text all candidates start with.
function commonPrefix(texts) {
  if (texts.length === 0) return '';
  let prefix = texts[0];
  for (const t of texts) while (!t.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

module.exports = { complete, commonPrefix };
