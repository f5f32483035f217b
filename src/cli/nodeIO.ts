import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
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
 * How an output file is written: in place when it is a device or a pipe (/dev/null, /dev/stdout,
 * a FIFO: renaming over one would replace it with a file), else through a temp file beside it,
 * moved into place when complete. A directory is refused before any temp file is made. An error
 * names the output's path, not the temp file's.
 */
function outputOf(path: string): { inPlace: boolean; tmp: string } {
  const s = statSync(path, { throwIfNoEntry: false });
  if (s?.isDirectory()) throw outputFailed(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  return { inPlace: s !== undefined && !s.isFile(), tmp: `${path}.${process.pid}.tmp` };
}

/** An error of writing `path` (errno code kept), said of `path` itself. */
function outputFailed(path: string, err: unknown): NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException;
  return Object.assign(new Error(`cannot write ${path}: ${e?.message ?? String(err)}`, { cause: err }), { code: e?.code, path, syscall: 'write' });
}

/**
 * Writes `text` to `path` (see outputOf), the temp file removed on any failure.
 * @example await writeOutput('report.json', text)
 */
async function writeOutput(path: string, text: string): Promise<void> {
  const { inPlace, tmp } = outputOf(path);
  try {
    if (inPlace) return await writeFile(path, text, 'utf8');
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    if (!inPlace) await rm(tmp, { force: true });
    throw outputFailed(path, err);
  }
}

/**
 * A stream into `path` (see outputOf): close() moves it into place; abort() (or a failure of
 * any write or of close) removes the temp file, so a failed or stopped report leaves nothing.
 * @example const out = openOutput('log.xes'); await out.write(text); await out.close()
 */
function openOutput(path: string) {
  const { inPlace, tmp } = outputOf(path);
  const out = createWriteStream(inPlace ? path : tmp, 'utf8');
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) =>
    out.on('error', (err) => {
      failure ??= err;
      reject(err);
    }),
  );
  failed.catch(() => undefined);
  const abort = async () => {
    out.destroy();
    if (!inPlace) await rm(tmp, { force: true });
  };
  /** runs a step of the writing; on its failure the temp file goes, and the error names `path` */
  const step = async (run: () => Promise<void>) => {
    try {
      if (failure) throw failure;
      await run();
    } catch (err) {
      await abort();
      throw outputFailed(path, err);
    }
  };
  const sink = {
    write: (chunk: string) =>
      step(async () => {
        if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
      }),
    close: () =>
      step(async () => {
        out.end();
        await Promise.race([once(out, 'finish'), failed]);
        if (!inPlace) await rename(tmp, path);
      }),
    abort,
  };
  return sink;
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
    writeFile: writeOutput,
    resolve: (from, p) => resolve(dirname(from), p),
    cwd: process.cwd(),
    readStream: (p) => createReadStream(p, { highWaterMark: 1 << 20 }),
    writeStream: openOutput,
    interactive: Boolean(process.stderr.isTTY),
    now: () => Date.now(),
    fileSize: async (p) => (await stat(p)).size,
    listDir: (p) => readdir(p),
    cores: availableParallelism(),
    startThread,
  };
}
