#!/usr/bin/env node
'use strict';
// `npm` in NodeOS: the npm CLI from the npm registry's tarball (in /usr/lib/node_modules/npm), pointed at the
// image's own registry of bundled packages (registry.js), which runs inside this same process only while npm does.
// NODEOS_NPM_REGISTRY=https://registry.npmjs.org/ npm ... uses a real registry instead (when the guest has network).

const { serve } = require('/lib/nodeos/npm/registry.js');

async function main() {
  const args = process.argv.slice(2);
  if (process.env.NODEOS_NPM_REGISTRY) {
    args.push('--registry=' + process.env.NODEOS_NPM_REGISTRY);
  } else {
    const server = await serve(0);
    server.unref(); // npm decides when the process ends
    args.push('--registry=http://127.0.0.1:' + server.address().port + '/');
  }
  process.argv = [process.argv[0], '/usr/lib/node_modules/npm/bin/npm-cli.js', ...args];
  require('/usr/lib/node_modules/npm/lib/cli.js')(process);
}

main();
