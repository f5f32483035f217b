import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIO = {
    cwd: ROOT,
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readFile: async (p) => readFileSync(join(ROOT, p), 'utf8'),
    writeFile: async () => {},
    resolve: (_, p) => p,
  };
  const code = await runCli(argv, io);
  return { code, out, err, lines: out.split('\n').filter(Boolean) };
}

interface Line {
  path: number;
  of: number;
  kind: string;
  procedure: string;
  start: { at: string; state: string; status: number };
  events: Array<{ at: string; minute: number; action?: string; by?: string; timeBoxOf?: string; state: string; status: number }>;
  end: { state: string; status: number };
}

describe('tthc paths', () => {
  it('prints one JSON object per shortest path of procedure B, time boxes included, with states and status codes', async () => {
    const r = await cli(['paths', 'B']);
    expect(r.code).toBe(0);
    const paths = r.lines.map((l) => JSON.parse(l) as Line);
    expect(paths.length).toBe(paths[0].of);
    expect(paths.length).toBeGreaterThan(100);
    expect(new Set(paths.map((p) => p.end.state))).toEqual(
      new Set(['submit', 'receive', 'approve', 'confirm', 'supplement_receive', 'returned', 'refused', 'withdrawn', 'stopped']),
    );
    // a time box runs out 15 minutes after the dossier reached its step
    const timed = paths.find((p) => p.end.state === 'returned' && p.events.some((e) => e.timeBoxOf === 'confirm'))!;
    const ran = timed.events.find((e) => e.timeBoxOf === 'confirm')!;
    expect(ran.minute - timed.events.find((e) => e.state === 'confirm')!.minute).toBe(15);
    const happy = paths.filter((p) => p.end.state === 'returned').sort((a, b) => a.events.length - b.events.length)[0];
    expect(happy.events.map((e) => [e.at.slice(11, 16), `${e.action} by ${e.by}`, e.state, e.status])).toEqual([
      ['14:01', 'submit by owner', 'receive', 1],
      ['14:02', 'receive by TP-HT', 'approve', 6],
      ['14:03', 'approve by CT', 'confirm', 6],
      ['14:04', 'pay by owner', 'confirm', 9],
      ['14:05', 'confirm by TP-HT', 'returned', 10],
    ]);
  });

  it('keeps only the paths to a state or a status code with --to, from the given --start', async () => {
    const byState = await cli(['paths', 'B', '--to', 'returned', '--start', '2025-07-01T09:00']);
    const byStatus = await cli(['paths', 'B', '--to', '10', '--start', '2025-07-01T09:00']);
    expect(byState.out).toBe(byStatus.out);
    const paths = byState.lines.map((l) => JSON.parse(l) as Line);
    expect(paths.length).toBeGreaterThan(5);
    for (const p of paths) {
      expect(p.end).toEqual({ state: 'returned', status: 10 });
      expect(p.start.at).toBe('2025-07-01T09:00:00+07:00');
    }
  });

  it('prints the simple paths, without timers, for a procedure file', async () => {
    const r = await cli(['paths', 'examples/procedure-C.yaml', '--simple']);
    expect(r.code).toBe(0);
    const paths = r.lines.map((l) => JSON.parse(l) as Line);
    expect(paths.every((p) => p.kind === 'simple' && p.procedure === 'C')).toBe(true);
    expect(paths.some((p) => p.events.some((e) => e.timeBoxOf))).toBe(false);
    expect(paths.some((p) => p.end.status === 10)).toBe(true);
  });

  it('prints each path as a Mermaid flowchart', async () => {
    const r = await cli(['paths', 'B', '--to', 'refused', '--format', 'mermaid']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('%% procedure B · shortest path 1 of');
    expect(r.out).toContain('flowchart LR');
    expect(r.out).toMatch(/p1_1 -->\|"\d\d:\d\d refuse by TP-HT"\| p1_2\(\["refused · 3 Refused"\]\)/);
  });

  it('exits 2 on bad usage: both kinds, an unknown state, a bad start time', async () => {
    expect((await cli(['paths', 'B', '--shortest', '--simple'])).code).toBe(2);
    const to = await cli(['paths', 'B', '--to', 'nowhere']);
    expect(to.code).toBe(2);
    expect(to.err).toContain(
      '--to must be a state (submit, supplement_receive, receive, approve, confirm, returned, refused, withdrawn, stopped) or a status code 0-10 (got "nowhere")',
    );
    expect((await cli(['paths', 'B', '--start', 'tomorrow'])).code).toBe(2);
    expect((await cli(['paths'])).code).toBe(2);
  });
});
