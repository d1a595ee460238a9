// Put into the guest by the lab "Hello, NodeOS": greets the name given on the command line.
const name = process.argv[2] || 'stranger';
console.log(`Hello, ${name}! You are process ${process.pid}, started by process ${process.ppid}.`);
