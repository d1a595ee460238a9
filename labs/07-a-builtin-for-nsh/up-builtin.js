
// A new builtin for nsh, appended by the lab "The shell is JavaScript": `up` prints how long the machine has been
// running. A builtin gets its arguments, io (stdin, stdout, stderr, env) and the shell; it returns a status.
builtins.up = (args, io) => {
  const seconds = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  io.stdout.write('up ' + Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s\n');
  return 0;
};
