import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
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
    readStream: (p) => createReadStream(p, { highWaterMark: 1 << 20 }),
    writeStream: (p) => {
      const tmp = `${p}.${process.pid}.tmp`;
      const out = createWriteStream(tmp, 'utf8');
      return {
        write: async (chunk) => {
          if (!out.write(chunk)) await once(out, 'drain');
        },
        close: async () => {
          out.end();
          await once(out, 'finish');
          await rename(tmp, p);
        },
      };
    },
    interactive: Boolean(process.stderr.isTTY),
    now: () => Date.now(),
    fileSize: async (p) => (await stat(p)).size,
    listDir: (p) => readdir(p),
    cores: availableParallelism(),
  };
}
