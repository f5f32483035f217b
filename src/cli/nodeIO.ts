import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CliIO } from './io.js';

/**
 * The real file system and streams, for the bin entry only.
 * @example process.exitCode = await runCli(process.argv.slice(2), nodeIO())
 */
export function nodeIO(): CliIO {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readFile: (p) => readFile(p, 'utf8'),
    writeFile: async (p, t) => {
      const tmp = `${p}.${process.pid}.tmp`;
      await writeFile(tmp, t, 'utf8');
      await rename(tmp, p);
    },
    resolve: (from, p) => resolve(dirname(from), p),
    cwd: process.cwd(),
  };
}
