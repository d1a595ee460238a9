'use strict';
// nsh's lexer: turns one command line into words and operators, the way a POSIX shell reads it.
//
//   'single quotes'  keep everything literally
//   "double quotes"  keep spaces; $VAR and the escapes \" \\ \$ \` still work inside
//   \c               outside quotes: c literally (a backslash-newline joins lines)
//   $NAME ${NAME} $? $$ $! $0   variables (recorded here, expanded by expandWord when the command runs, so
//                            `X=1; echo $X` and `false; echo $?` see the values of the commands before them)
//   $(commands)      command substitution: recorded as { command } and run by the runner just before the command
//                    that uses it; its output (trailing newlines removed) replaces it, split into words on
//                    spaces, tabs and newlines unless it stood inside double quotes
//   ~ ~/path         the home folder, at the start of a word
//   | || && ; & < > >> 2> 2>> 2>&1 >&2   operators
//
// A word is a list of parts: { text, quoted } literal text, { variable, quoted }, { tilde: true },
// { command, quoted } a $(...) not run yet; the runner replaces it by { text, quoted, substituted: true }.
// expandWord turns a word into { value, glob }: glob says it held an unquoted * ? or [ to expand as a pathname;
// expandFields does the same but splits unquoted substituted output into several words, as sh does.
// Unfinished input (open quote, trailing backslash or operator) throws an IncompleteInput: the line editor then
// asks for the rest with a continuation prompt, as sh does.

class IncompleteInput extends Error {
  constructor(what) {
    super('unexpected end of input: ' + what);
    this.incomplete = true;
  }
}

const OPERATORS = ['2>&1', '>&2', '2>>', '&&', '||', '>>', '2>', '|', '&', ';', '<', '>'];

function isNameChar(c, first) {
  return /[A-Za-z_]/.test(c) || (!first && /[0-9]/.test(c));
}

// The index of the ')' that closes a $( whose text starts at `from`: nested parentheses, quotes and escapes
// inside are skipped over, so $(echo ")" $(pwd)) ends at its own parenthesis.
function closingParenthesis(line, from) {
  let depth = 1;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      i = line.indexOf("'", i + 1);
      if (i < 0) break;
    } else if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return i;
    }
  }
  throw new IncompleteInput('$( without )');
}

function tokenize(line) {
  const tokens = [];
  let i = 0;
  let word = null;

  const startWord = () => {
    if (word === null) word = { type: 'word', parts: [] };
  };
  const endWord = () => {
    if (word !== null) tokens.push(word);
    word = null;
  };
  const literal = (text, quoted) => {
    const last = word.parts[word.parts.length - 1];
    if (last && last.text !== undefined && last.quoted === quoted) last.text += text;
    else word.parts.push({ text, quoted });
  };

  // Reads $NAME, ${NAME}, $?, $$, $!, $0, $#, $(...) at line[i] === '$' into a variable part and moves i.
  const readVariable = (quoted) => {
    const next = line[i + 1];
    if (next === '(') {
      const close = closingParenthesis(line, i + 2);
      word.parts.push({ command: line.slice(i + 2, close), quoted });
      i = close + 1;
    } else if (next === '{') {
      const close = line.indexOf('}', i + 2);
      if (close < 0) throw new IncompleteInput('${ without }');
      word.parts.push({ variable: line.slice(i + 2, close), quoted });
      i = close + 1;
    } else if ('?$0#!'.includes(next ?? 'none')) {
      word.parts.push({ variable: next, quoted });
      i += 2;
    } else if (next !== undefined && isNameChar(next, true)) {
      let j = i + 1;
      while (j < line.length && isNameChar(line[j], false)) j++;
      word.parts.push({ variable: line.slice(i + 1, j), quoted });
      i = j;
    } else {
      literal('$', quoted); // a lone dollar is literal
      i++;
    }
  };

  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      // A newline ends a command like ';' does; after an operator (| && || ; &) the command goes on or is ended.
      endWord();
      const last = tokens[tokens.length - 1];
      if (last !== undefined && last.type === 'word') tokens.push({ type: 'op', value: ';' });
      i++;
      continue;
    }
    if (c === '#' && word === null) {
      while (i < line.length && line[i] !== '\n') i++; // a comment runs to the end of the line
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op !== undefined && !(op.startsWith('2') && word !== null)) {
      endWord();
      tokens.push({ type: 'op', value: op });
      i += op.length;
      continue;
    }
    startWord();
    if (c === '\\') {
      if (i + 1 >= line.length) throw new IncompleteInput('backslash at the end of the line');
      if (line[i + 1] !== '\n') literal(line[i + 1], true);
      i += 2;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new IncompleteInput("unterminated '");
      literal(line.slice(i + 1, close), true);
      i = close + 1;
    } else if (c === '"') {
      literal('', true); // "" is an empty word, not no word
      i++;
      for (;;) {
        if (i >= line.length) throw new IncompleteInput('unterminated "');
        const d = line[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) {
          if (line[i + 1] !== '\n') literal(line[i + 1], true);
          i += 2;
        } else if (d === '$') {
          readVariable(true);
        } else {
          literal(d, true);
          i++;
        }
      }
    } else if (c === '$') {
      readVariable(false);
    } else if (c === '~' && word.parts.length === 0 && (i + 1 >= line.length || /[\s/]/.test(line[i + 1]))) {
      word.parts.push({ tilde: true });
      i++;
    } else {
      literal(c, false);
      i++;
    }
  }
  endWord();
  const last = tokens[tokens.length - 1];
  if (last && last.type === 'op' && ['|', '||', '&&'].includes(last.value)) {
    throw new IncompleteInput('line ends with ' + last.value);
  }
  return tokens;
}

// The value of a word now: variables looked up with lookup(name), ~ as $HOME.
function expandWord(word, lookup) {
  let value = '';
  let glob = false;
  for (const part of word.parts) {
    const text = partText(part, lookup);
    if (part.text !== undefined && !part.quoted && /[*?[]/.test(text)) glob = true;
    value += text;
  }
  return { value, glob };
}

// The words a word becomes: one, except that unquoted $(...) output is split on blanks (none if it was empty).
function expandFields(word, lookup) {
  const fields = [];
  let field = null;
  const add = (text, counts) => {
    if (field === null) field = { value: '', glob: false, counts: false };
    field.value += text;
    field.counts ||= counts;
  };
  const close = () => {
    if (field !== null && field.counts) fields.push({ value: field.value, glob: field.glob });
    field = null;
  };
  for (const part of word.parts) {
    const text = partText(part, lookup);
    if (part.substituted && !part.quoted) {
      text.split(/[ \t\n]+/).forEach((piece, n) => {
        if (n > 0) close();
        add(piece, piece !== '');
        if (/[*?[]/.test(piece)) field.glob = true;
      });
    } else {
      add(text, true);
      if (part.text !== undefined && !part.quoted && /[*?[]/.test(text)) field.glob = true;
    }
  }
  close();
  return fields;
}

function partText(part, lookup) {
  if (part.tilde) return lookup('HOME') ?? '~';
  if (part.variable !== undefined) return lookup(part.variable) ?? '';
  if (part.command !== undefined) throw new Error('$(' + part.command + ') was not run'); // the runner's job
  return part.text;
}

// NAME=value at the start of a command: the NAME= must be unquoted literal text. Returns [name, valueWord] or null.
function asAssignment(word) {
  const first = word.parts[0];
  if (!first || first.text === undefined || first.quoted) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (m === null) return null;
  const rest = first.text.slice(m[0].length);
  const parts = (rest === '' ? [] : [{ text: rest, quoted: false }]).concat(word.parts.slice(1));
  return [m[1], { type: 'word', parts }];
}

module.exports = { tokenize, expandWord, expandFields, asAssignment, IncompleteInput };
