// init.js: a tiny init in Node.js. The kernel runs an init as PID 1; it starts the rest of the system, and it must
// not end while the system runs. This one does three jobs: it checks that it is PID 1, it starts a shell for the
// user on the console (the job of a "getty" and a login), and it decides what happens when that shell ends.
const { spawn } = require('child_process');

const RESPAWN = false; // true: start a new shell whenever the last one ends, as inittab's "respawn" does
const POWEROFF = 200; // the exit status of nsh's poweroff builtin

if (process.pid !== 1) {
  console.log('init.js: I am process ' + process.pid + ', not 1: the kernel did not start me as init.');
  console.log('init.js: to run me as PID 1, type: boot /init.js');
  process.exit(1);
}
console.log('tiny init: I am PID ' + process.pid + ', running as user ' + process.getuid());

function startShell() {
  // The user's shell runs as the user (uid 1000), not as root like init: this is what logon does for you.
  const shell = spawn('/usr/bin/node', ['/lib/nodeos/nsh/nsh.js'], {
    stdio: 'inherit',
    uid: 1000,
    gid: 1000,
    env: { HOME: '/', USER: 'nodeos', PATH: '/node_modules/.bin:/usr/bin:/bin', TERM: process.env.TERM },
  });
  console.log('tiny init: started the shell as process ' + shell.pid);
  shell.on('exit', (code, signal) => {
    console.log('tiny init: the shell ended (status ' + code + ', signal ' + signal + ')');
    if (RESPAWN && code !== POWEROFF) {
      console.log('tiny init: respawning the shell');
      startShell();
    } else {
      console.log('tiny init: nothing left to run; PID 1 ends, and every process of its namespace with it');
      process.exit(0);
    }
  });
}

startShell();
