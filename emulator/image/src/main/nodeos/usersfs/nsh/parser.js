'use strict';
// nsh's parser: tokens from the lexer -> a list of pipelines joined by ; && || &.
//
//   list     := pipeline ((';' | '&' | '&&' | '||') pipeline)*
//   pipeline := command ('|' command)*
//   command  := (NAME=value)* word* with redirections anywhere: < file, > file, >> file, 2> file, 2>> file,
//               2>&1, >&2
//
// Result: [{ pipeline: [{ assignments: [[name, word]], words, redirects: [{ fd, mode, file | toFd }] }],
//            then: ';'|'&&'|'||'|'&' }]      (words and file names are expanded by the runner, at run time)

const { asAssignment } = require('./lexer');

class SyntaxError_ extends Error {}

const REDIRECTS = {
  '<': { fd: 0, mode: 'read' },
  '>': { fd: 1, mode: 'write' },
  '>>': { fd: 1, mode: 'append' },
  '2>': { fd: 2, mode: 'write' },
  '2>>': { fd: 2, mode: 'append' },
};

function parse(tokens) {
  const list = [];
  let pipeline = [];
  let command = newCommand();

  function newCommand() {
    return { assignments: [], words: [], redirects: [] };
  }
  function endCommand(after) {
    if (command.words.length === 0 && command.assignments.length === 0 && command.redirects.length === 0) {
      throw new SyntaxError_('syntax error: missing command before ' + after);
    }
    pipeline.push(command);
    command = newCommand();
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'word') {
      const assignment = command.words.length === 0 ? asAssignment(t) : null;
      if (assignment !== null) command.assignments.push(assignment);
      else command.words.push(t);
    } else if (REDIRECTS[t.value]) {
      const target = tokens[i + 1];
      if (!target || target.type !== 'word') throw new SyntaxError_('syntax error: ' + t.value + ' needs a file name');
      command.redirects.push({ ...REDIRECTS[t.value], file: target });
      i++;
    } else if (t.value === '2>&1') {
      command.redirects.push({ fd: 2, mode: 'dup', toFd: 1 });
    } else if (t.value === '>&2') {
      command.redirects.push({ fd: 1, mode: 'dup', toFd: 2 });
    } else if (t.value === '|') {
      endCommand('|');
    } else {
      endCommand(t.value);
      list.push({ pipeline, then: t.value });
      pipeline = [];
    }
  }
  if (command.words.length > 0 || command.assignments.length > 0 || command.redirects.length > 0) {
    pipeline.push(command);
  }
  if (pipeline.length > 0) list.push({ pipeline, then: ';' });
  return list;
}

module.exports = { parse, SyntaxError: SyntaxError_ };
