import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';
import { running, startRehearse } from './support/process.js';

// `tthc rehearse` killed outright in a dry run and started again a while later, as a trainer's
// laptop might be: no browser needed, the board is read over HTTP.

const SLOW = 'scenarios/slow-step-late.yaml';
const dir = mkdtempSync(join(tmpdir(), 'tthc-restart-'));
afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
});

/** One HTTP exchange with the board, its token in the header as the page sends it. */
function call(url: string, path: string, method = 'GET') {
  const address = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      `${address.origin}/${path}`,
      { method, headers: { authorization: `token ${address.searchParams.get('token')}`, 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

async function tthc(...argv: string[]) {
  const out: string[] = [];
  const code = await runCli(argv, { ...nodeIO(), stdout: (t) => void out.push(t), stderr: () => undefined, interactive: false });
  expect(code).toBe(0);
  return out.join('');
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describe('a dry run killed and started again a while later', () => {
  it('ends with the journal and the report tthc run gives, every event at its own instant', async () => {
    const journal = join(dir, 'slow.journal.jsonl');
    const report = join(dir, 'slow.report.html');
    // 2000x: the session's 165 minutes take 5 s; killed ten minutes in, it stays down for about an hour of the session
    const args = [SLOW, '--speed', '2000', '--port', '0', '--journal', journal, '--report', report];
    const first = await startRehearse(args);
    await sleep(300);
    first.proc.kill('SIGKILL');
    await once(first.proc, 'exit');
    await sleep(1500);

    const again = await startRehearse(args);
    expect(new URL(again.url).searchParams.get('token')).toBe(new URL(first.url).searchParams.get('token'));
    for (let t = Date.now(); JSON.parse((await call(again.url, 'api/board')).body).running;) {
      expect(Date.now() - t).toBeLessThan(20_000);
      await sleep(100);
    }
    expect((await call(again.url, 'api/finish', 'POST')).status).toBe(200);

    const lines = readFileSync(journal, 'utf8').replace(/,"source":"timeline","recordedAt":"[^"]+"/g, '');
    expect(lines).toBe(await tthc('run', SLOW, '--format', 'jsonl'));
    expect(readFileSync(report, 'utf8')).toBe(await tthc('run', SLOW, '--format', 'html', '--lang', 'vi'));

    again.proc.kill('SIGTERM');
    const [code] = await once(again.proc, 'exit');
    expect(code).toBe(0);
  }, 40_000);
});
