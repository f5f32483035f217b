#!/usr/bin/env node
import { runCli } from '../dist/src/cli/main.js';
import { nodeIO } from '../dist/src/cli/nodeIO.js';

// a reader that stops early (tthc paths A | head) is not an error
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await runCli(process.argv.slice(2), nodeIO());
