import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CliIO, CliThread } from './io.js';

/**
 * What a thread runs first: it loads the module (a .ts one through tsx, as under the test
 * runner) and hands its `threadMain` the port to this thread and the data.
 */
const BOOT = `
const { parentPort, workerData: boot } = require('node:worker_threads');
const port = { post: (m, transfer) => parentPort.postMessage(m, transfer), onMessage: (listener) => parentPort.on('message', listener) };
(boot.tsx ? import('tsx/esm/api').then((tsx) => tsx.register()) : Promise.resolve())
  .then(() => import(boot.module))
  .then((m) => m.threadMain(port, boot.data));
`;

/**
 * A worker thread running `threadMain(port, data)` of `module`.
 * @example const t = startThread(new URL('./replayWorker.js', import.meta.url), input); t.post({ type: 'read' })
 */
function startThread(module: URL, data: unknown): CliThread {
  const worker = new Worker(BOOT, { eval: true, workerData: { module: module.href, tsx: module.pathname.endsWith('.ts'), data } });
  return {
    post: (m, transfer) => worker.postMessage(m, transfer),
    onMessage: (listener) => void worker.on('message', listener),
    onError: (listener) => void worker.on('error', listener),
    onExit: (listener) => void worker.on('exit', listener),
    terminate: async () => void (await worker.terminate()),
  };
}

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
    startThread,
  };
}
