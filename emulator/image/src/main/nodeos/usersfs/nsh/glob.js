'use strict';
// Pathname expansion for words with unquoted * ? [...]: each component of the pattern is matched against the
// names in its folder; no match leaves the word as it is (as sh does). Dot files match only an explicit dot.

const fs = require('fs');
const path = require('path');

function componentRegExp(pattern) {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, close);
      if (set.startsWith('!')) set = '^' + set.slice(1);
      re += '[' + set.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

function expandGlob(word) {
  const absolute = word.startsWith('/');
  const parts = word.split('/').filter((p) => p !== '');
  let found = [absolute ? '/' : ''];
  for (const part of parts) {
    const next = [];
    for (const base of found) {
      if (!/[*?[]/.test(part)) {
        next.push(base === '' ? part : path.join(base, part));
        continue;
      }
      const re = componentRegExp(part);
      let names;
      try {
        names = fs.readdirSync(base === '' ? '.' : base);
      } catch (e) {
        continue;
      }
      for (const name of names.sort()) {
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (re.test(name)) next.push(base === '' ? name : path.join(base, name));
      }
    }
    found = next;
  }
  found = found.filter((f) => f !== '' && fs.existsSync(f));
  return found.length > 0 ? found : [word];
}

module.exports = { expandGlob };
