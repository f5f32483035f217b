import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';
import type { BoardLimits } from '../../src/server/http.js';
import { rehearsalPaths } from '../../src/server/journal.js';
import { startRehearsalServer, type RehearsalServer } from '../../src/server/serve.js';
import { at, loadRehearsal, wallFor } from './support.js';

const SLOW = 'scenarios/slow-step-late.yaml';
const dir = mkdtempSync(join(tmpdir(), 'tthc-board-'));
const T = (s: string) => at('2024-10-08', s);
let n = 0;
const open: RehearsalServer[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** A board on a free loopback port whose wall clock the test moves. */
async function board(opts: { speed?: number; journal?: string; wall?: { now: number }; limits?: Partial<BoardLimits>; log?: string[] } = {}) {
  const scenario = loadRehearsal(SLOW);
  const wall = opts.wall ?? { now: 0 };
  const paths = rehearsalPaths(SLOW, opts.journal ?? join(dir, `b${++n}.journal.jsonl`));
  const server = await startRehearsalServer({
    scenario,
    scenarioFile: SLOW,
    scenarioText: scenario.text,
    paths,
    speed: opts.speed,
    host: '127.0.0.1',
    port: 0,
    lang: 'vi',
    wallNow: () => wall.now,
    tickMs: 20,
    limits: opts.limits,
    log: opts.log && ((line) => void opts.log!.push(line)),
  });
  open.push(server);
  return { server, paths, wall, start: scenario.session.start };
}

/** The address of a path on a board, with the token of the address it printed. */
const addr = (server: { url: string }, path: string, token = new URL(server.url).searchParams.get('token')!) =>
  `${new URL(path, server.url).origin}/${path}?token=${encodeURIComponent(token)}`;

/** One HTTP exchange with full control of the headers. */
function http(url: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const post = (url: string, body: unknown) =>
  http(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('the board server', () => {
  it('serves the board page in Vietnamese with English beneath', async () => {
    const { server } = await board();
    const res = await http(server.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('Diễn tập đánh giá TTHC <small>Assessment rehearsal</small>');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('has an action on disk, in the journal, before it answers', async () => {
    const { server, paths, wall, start } = await board();
    wall.now = wallFor(start, T('14:31'), 1);
    const res = await post(`${addr(server, 'api/actions')}`, { official: 'tckt', action: 'submit', dossier: 'HS-101' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, accepted: true, at: T('14:31') });
    const lines = readFileSync(paths.journal, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({
      dossier: 'HS-101',
      at: '2024-10-08T14:31:00+07:00',
      official: 'tckt',
      role: 'TC-KT',
      action: 'submit',
      procedure: 'A',
      unit: 'Xã Hòa Tú 1',
      source: 'board',
    });
  });

  it('answers malformed, out-of-order or cross-site posts with an error and writes nothing', async () => {
    const { server, paths, wall, start } = await board();
    wall.now = wallFor(start, T('14:40'), 1);
    await post(`${addr(server, 'api/actions')}`, { official: 'tckt', action: 'submit', dossier: 'HS-101' });
    const cases: [Promise<{ status: number; body: string }>, number, string][] = [
      [post(`${addr(server, 'api/actions')}`, '{"official": "tckt",'), 400, 'not valid JSON'],
      [post(`${addr(server, 'api/actions')}`, { official: 'tckt', action: 'pay', dossier: 'HS-101', at: '14:35' }), 400, 'before the last recorded action'],
      [post(`${addr(server, 'api/actions')}`, { official: 'ghost', action: 'pay', dossier: 'HS-101' }), 400, 'unknown official "ghost"'],
      [
        http(`${addr(server, 'api/actions')}`, { method: 'POST', body: 'official=tckt', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        415,
        'application/json',
      ],
      [
        http(`${addr(server, 'api/actions')}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', origin: 'http://evil.example' } }),
        403,
        'another site',
      ],
    ];
    for (const [pending, status, message] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(JSON.parse(res.body).error).toContain(message);
    }
    expect(readFileSync(paths.journal, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('answers only to the loopback address, whatever a page elsewhere names it', async () => {
    const { server } = await board();
    const res = await http(`${addr(server, 'api/board')}`, { headers: { host: `rebind.example:${server.port}` } });
    expect(res.status).toBe(421);
  });

  it('streams the board as Server-Sent Events', async () => {
    const { server } = await board();
    const first = await new Promise<string>((resolve, reject) => {
      const req = request(addr(server, 'events'), (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
          const from = text.indexOf('event: board');
          if (from >= 0 && text.includes('\n\n', from)) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const line = first.slice(first.indexOf('event: board')).split('\n')[1];
    expect(line.startsWith('data: ')).toBe(true);
    const data = JSON.parse(line.slice(6));
    expect(data.unit.name).toBe('Xã Hòa Tú 1');
    expect(data.dossiers).toHaveLength(6);
  });

  it('writes the HTML report when the trainer finishes, and serves it', async () => {
    const { server, paths, wall, start } = await board({ speed: 60 });
    expect((await http(addr(server, 'report'))).status).toBe(404);
    wall.now = wallFor(start, T('17:15'), 60);
    await new Promise((ok) => setTimeout(ok, 100));
    const res = await post(`${addr(server, 'api/finish')}`, {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ report: paths.report, url: '/report' });
    const html = readFileSync(paths.report, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('HS-105');
    expect((await http(addr(server, 'report'))).body).toBe(html);
    // the session is over: nothing more is recorded
    expect((await post(`${addr(server, 'api/actions')}`, { official: 'ct', action: 'sign', dossier: 'HS-105' })).status).toBe(409);
  });

  it('shows the same board after a restart on the same journal', async () => {
    const wall = { now: 0 };
    const journal = join(dir, 'restart.journal.jsonl');
    const first = await board({ speed: 60, journal, wall });
    wall.now = wallFor(first.start, T('16:40'), 60);
    await new Promise((ok) => setTimeout(ok, 100));
    await post(`${addr(first.server, 'api/actions')}`, { official: 'ct', action: 'sign', dossier: 'HS-104' });
    await post(`${addr(first.server, 'api/actions')}`, { official: 'tckt', action: 'sign', dossier: 'HS-105' });
    const before = JSON.parse((await http(addr(first.server, 'api/board'))).body);
    await first.server.close();
    open.pop();

    const again = await board({ speed: 60, journal, wall });
    expect(again.server.restored).toBe(true);
    const after = JSON.parse((await http(addr(again.server, 'api/board'))).body);
    expect(after).toEqual(before);
    expect(after.recent[0]).toMatchObject({ official: 'tckt', accepted: false, reason: 'wrong_role' });
  });

  it('gives the same journal, board and report after a dry run stopped for a while as if it never stopped', async () => {
    const steady = await board({ speed: 60, journal: join(dir, 'steady.journal.jsonl') });
    const wall = { now: 0 };
    const journal = join(dir, 'stopped.journal.jsonl');
    const first = await board({ speed: 60, journal, wall });
    wall.now = wallFor(first.start, T('15:02'), 60);
    await new Promise((ok) => setTimeout(ok, 100));
    await first.server.close();
    open.pop();
    // stopped for 10 s (ten minutes at 60x): the 15:05 sign and the 15:10 return fall due meanwhile
    wall.now += 10_000;
    const again = await board({ speed: 60, journal, wall });
    steady.wall.now = wall.now = wallFor(first.start, T('17:15'), 60);
    await new Promise((ok) => setTimeout(ok, 100));
    const finished = async (b: typeof steady) => {
      expect((await post(addr(b.server, 'api/finish'), {})).status).toBe(200);
      return {
        journal: readFileSync(b.paths.journal, 'utf8').replace(/,"recordedAt":"[^"]+"/g, ''),
        board: JSON.parse((await http(addr(b.server, 'api/board'))).body),
        report: readFileSync(b.paths.report, 'utf8'),
      };
    };
    const expected = await finished(steady);
    const got = await finished(again);
    expect(got.journal).toBe(expected.journal);
    expect(got.board).toEqual(expected.board);
    expect(got.report).toBe(expected.report);
    expect(got.board.dossiers.find((d: { code: string }) => d.code === 'HS-103').returnedAt).toBe(T('15:10'));
  });

  it('refuses a journal recorded with another version of the scenario', async () => {
    const journal = join(dir, 'edited.journal.jsonl');
    const wall = { now: 0 };
    const first = await board({ speed: 60, journal, wall });
    await first.server.close();
    open.pop();
    const scenario = loadRehearsal(SLOW);
    const err = await startRehearsalServer({
      scenario,
      scenarioFile: SLOW,
      scenarioText: scenario.text + '\n# edited\n',
      paths: rehearsalPaths(SLOW, journal),
      host: '127.0.0.1',
      port: 0,
      lang: 'vi',
      wallNow: () => 0,
    }).catch((e) => e);
    expect(String(err.message)).toContain('recorded with another version');
  });
});

describe('the token of the printed address', () => {
  it('is needed to record an action: a post without it, or with another, records nothing', async () => {
    const { server, paths, wall, start } = await board();
    wall.now = wallFor(start, T('14:31'), 1);
    const action = JSON.stringify({ official: 'tckt', action: 'submit', dossier: 'HS-101' });
    const headers = { 'content-type': 'application/json' };
    const base = new URL(server.url).origin;
    const token = new URL(server.url).searchParams.get('token')!;
    const refused = [
      await http(`${base}/api/actions`, { method: 'POST', body: action, headers }),
      await http(addr(server, 'api/actions', 'f'.repeat(48)), { method: 'POST', body: action, headers }),
      await http(addr(server, 'api/actions', token.slice(0, -1)), { method: 'POST', body: action, headers }),
      await http(`${base}/api/actions`, { method: 'POST', body: action, headers: { ...headers, authorization: `token ${token}x` } }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error).toContain('open the address tthc rehearse printed');
    }
    expect(readFileSync(paths.journal, 'utf8')).toBe('');
    // the page's own way: the token in a header
    const ok = await http(`${base}/api/actions`, { method: 'POST', body: action, headers: { ...headers, authorization: `token ${token}` } });
    expect(ok.status).toBe(200);
    expect(readFileSync(paths.journal, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('is needed to finish the session, to read the board, its feed and the report', async () => {
    const { server, paths, wall, start } = await board({ speed: 60 });
    wall.now = wallFor(start, T('15:00'), 60);
    const base = new URL(server.url).origin;
    const finish = await http(`${base}/api/finish`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(finish.status).toBe(403);
    expect(existsSync(paths.report)).toBe(false);
    expect(server.rehearsal.ended(wall.now)).toBe(false);
    for (const path of ['api/board', 'events', 'report']) expect((await http(`${base}/${path}`)).status).toBe(403);
    const page = await http(`${base}/`);
    expect(page.status).toBe(403);
    expect(page.body).toContain('open the address <b>tthc rehearse</b> printed');
    expect(page.body).not.toContain('<script>');
  });

  it('opens the page at the printed address, which carries the token into its own requests', async () => {
    const { server } = await board();
    const page = await http(server.url);
    expect(page.status).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain("new URLSearchParams(location.search).get('token')");
    expect(page.body).toContain("new EventSource(withToken('/events'))");
    expect(page.body).toContain("authorization: 'token ' + TOKEN");
  });

  it('stays the same after a restart, so a page left open reconnects, and only its owner can read it on disk', async () => {
    const wall = { now: 0 };
    const journal = join(dir, 'token.journal.jsonl');
    const first = await board({ speed: 60, journal, wall });
    await first.server.close();
    open.pop();
    const again = await board({ speed: 60, journal, wall });
    expect(again.server.url.replace(/:\d+\//, ':PORT/')).toBe(first.server.url.replace(/:\d+\//, ':PORT/'));
    expect(statSync(again.paths.state).mode & 0o777).toBe(0o600);
    const other = await board({ speed: 60 });
    expect(new URL(other.server.url).searchParams.get('token')).not.toBe(new URL(first.server.url).searchParams.get('token'));
  });
});

describe('what one client may hold of the board', () => {
  /** A raw connection, to send a request by halves. */
  async function rawSocket(server: { url: string }) {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await once(socket, 'connect');
    let text = '';
    socket.setEncoding('utf8').on('data', (c) => (text += c));
    const closed = once(socket, 'close').then(() => text);
    socket.on('error', () => undefined);
    return { socket, closed, text: () => text };
  }
  const postHead = (server: { url: string }, length: number) => {
    const url = new URL(addr(server, 'api/actions'));
    return `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
  };

  it('answers a body over 16 KB with 413 and records nothing', async () => {
    const { server, paths } = await board();
    const big = JSON.stringify({ official: 'tckt', action: 'submit', dossier: 'HS-101', at: ' '.repeat(17 * 1024) });
    const res = await post(addr(server, 'api/actions'), big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toContain('larger than 16384 bytes');
    // sent in chunks, with no length announced
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(addr(server, 'api/actions'), { method: 'POST', headers: { 'content-type': 'application/json' } }, (r) => resolve(r.statusCode!));
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(' '.repeat(1024));
      req.end();
    });
    expect(chunked).toBe(413);
    expect(readFileSync(paths.journal, 'utf8')).toBe('');
  });

  it('answers a body that does not arrive in time with 408, records nothing, and closes the connection', async () => {
    const { server, paths } = await board({ limits: { bodyMs: 300 } });
    const raw = await rawSocket(server);
    raw.socket.write(postHead(server, 100) + '{"official": "tckt",');
    const answer = await raw.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('did not arrive within 0.3 s');
    expect(readFileSync(paths.journal, 'utf8')).toBe('');
  });

  it('closes a connection whose headers do not arrive in time', async () => {
    const { server } = await board({ limits: { headersMs: 300 } });
    const raw = await rawSocket(server);
    raw.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const started = Date.now();
    await raw.closed;
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('closes connections beyond its cap at once, and serves again when one ends', async () => {
    const { server } = await board({ limits: { connections: 2 } });
    const held = [await rawSocket(server), await rawSocket(server)];
    const third = await rawSocket(server);
    third.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await third.closed).toBe('');
    held[0].socket.destroy();
    await held[0].closed;
    await new Promise((ok) => setTimeout(ok, 50));
    expect((await http(addr(server, 'api/board'))).status).toBe(200);
    held[1].socket.destroy();
  });

  it('shrugs off a client that aborts a post mid-body: no stack trace, nothing recorded, and it keeps serving', async () => {
    const log: string[] = [];
    const { server, paths, wall, start } = await board({ log });
    wall.now = wallFor(start, T('14:31'), 1);
    for (let i = 0; i < 3; i++) {
      const raw = await rawSocket(server);
      raw.socket.write(postHead(server, 100) + '{"official": "tckt",');
      await new Promise((ok) => setTimeout(ok, 30));
      raw.socket.destroy();
      await raw.closed;
    }
    await new Promise((ok) => setTimeout(ok, 100));
    expect(log).toEqual([]);
    expect(readFileSync(paths.journal, 'utf8')).toBe('');
    const res = await post(addr(server, 'api/actions'), { official: 'tckt', action: 'submit', dossier: 'HS-101' });
    expect(res.status).toBe(200);
  });
});

describe('tthc rehearse', () => {
  async function tthc(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { ...nodeIO(), stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: false });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('is listed by tthc --help and explains itself with examples', async () => {
    expect((await tthc('--help')).out).toContain('rehearse <scenario>');
    const help = await tthc('rehearse', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('tthc rehearse scenarios/commune-full.yaml --speed 60');
  });

  it.each([
    [['--speed', 'fast'], '--speed must be a number above 0, such as 60 for a minute per second (got "fast")'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535 (got "70000")'],
    [['--lang', 'fr'], '--lang must be one of vi, en (got "fr")'],
  ])('refuses %j with one line, exit 2', async (flags, message) => {
    const res = await tthc('rehearse', SLOW, ...flags);
    expect(res.code).toBe(2);
    expect(res.err).toBe(`tthc rehearse: ${message} (see tthc rehearse --help)\n`);
  });

  it('says the port is taken, without a stack trace, exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    const journal = join(dir, 'busy.journal.jsonl');
    const res = await tthc('rehearse', SLOW, '--port', String(port), '--journal', journal);
    blocker.close();
    expect(res.code).toBe(1);
    expect(res.err).toBe(`tthc rehearse: port ${port} is in use: pick another with --port, or --port 0 for any free port\n`);
    expect(existsSync(journal)).toBe(true);
  });

  it('ends at once, exit 1, when another board already has the port', async () => {
    const { server } = await board({ speed: 60 });
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/e2e/support/tthc.ts', 'rehearse', SLOW, '--port', String(server.port), '--journal', join(dir, 'second.journal.jsonl')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    proc.stderr.setEncoding('utf8').on('data', (c) => (err += c));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    const [code, signal] = (await once(proc, 'exit')) as [number | null, string | null];
    clearTimeout(timer);
    expect(signal).toBeNull();
    expect(code).toBe(1);
    expect(err).toBe(`tthc rehearse: port ${server.port} is in use: pick another with --port, or --port 0 for any free port\n`);
  }, 20_000);

  it('names a scenario problem by file and line, exit 1', async () => {
    const res = await tthc('rehearse', 'no-such-scenario.yaml');
    expect(res.code).toBe(1);
    expect(res.err).toContain('cannot read no-such-scenario.yaml: no such file');
  });
});
