// signals.js: a parent process starts a child, then ends it with a signal, and reports what the kernel told it.
const { spawn } = require('child_process');

// A process may catch a signal instead of dying from it: this one catches SIGUSR1.
process.on('SIGUSR1', () => console.log('parent: caught SIGUSR1 and carried on'));
process.kill(process.pid, 'SIGUSR1');

const child = spawn('sleep', ['300']);
console.log('parent: I am process', process.pid, 'and started sleep as process', child.pid);
child.on('exit', (code, signal) => {
  console.log('parent: process', child.pid, 'ended: exit code', code, 'signal', signal);
});
setTimeout(() => {
  console.log('parent: sending SIGTERM to', child.pid);
  child.kill('SIGTERM');
}, 500);
