'use strict';
// NodeOS login, run as root inside the user's own root (see logon): becomes the user named in argv[2] (uid, gid,
// groups from /etc/passwd and /etc/group), sets up the environment, then runs the user's login shell.
// A login shell that is a JavaScript file (nsh) is run in this same Node.js process, saving a second start of node.

const fs = require('fs');
const { spawnSync } = require('child_process');

const name = process.argv[2];
const entry = fs.readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[0] === name);
if (!entry) {
  console.error('login: no user ' + name + ' in /etc/passwd');
  process.exit(1);
}
const [, , uid, gid, , , shell] = entry;
process.initgroups(name, Number(gid));
process.setgid(Number(gid));
process.setuid(Number(uid));

// Their root is their home: HOME=/ and their npm-installed commands come first on PATH.
process.env = {
  HOME: '/',
  USER: name,
  LOGNAME: name,
  SHELL: shell,
  PATH: '/node_modules/.bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
  TERM: process.env.TERM || 'linux',
  LANG: 'C.UTF-8',
};
process.chdir('/');
try {
  process.stdout.write(fs.readFileSync('/etc/motd', 'utf8'));
} catch (e) {
  // no message of the day
}

if (shell.endsWith('.js')) {
  process.argv = [process.argv[0], shell];
  require(shell).main([]).then((status) => process.exit(status));
} else {
  process.exit(spawnSync(shell, ['-l'], { stdio: 'inherit' }).status ?? 1);
}
