#!/usr/bin/env node
import { runCli } from '../dist/src/cli/main.js';
import { nodeIO } from '../dist/src/cli/nodeIO.js';

process.exitCode = await runCli(process.argv.slice(2), nodeIO());
