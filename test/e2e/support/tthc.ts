// The CLI from source, as bin/tthc.js runs it from dist/: for end-to-end tests that start `tthc` as a process.
import { runCli } from '../../../src/cli/main.js';
import { nodeIO } from '../../../src/cli/nodeIO.js';

process.exitCode = await runCli(process.argv.slice(2), nodeIO());
