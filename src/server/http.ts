import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderBoardPage } from './page.js';
import type { Rehearsal } from '../rehearsal/rehearsal.js';

// The board over plain node:http: the page, its live feed (Server-Sent Events), and two
// commands. Anyone who can post here writes to the journal, so every request but the favicon
// needs the token of the printed address (as Jupyter does: `?token=` in the URL, or an
// `Authorization: token ...` header); the page carries it from its own address into its
// requests. Bound to the loopback by default; requests naming another host (DNS rebinding) and
// cross-site posts are refused too. A client can hold the server only so long: bodies and
// headers have a size and a time limit, and connections a cap.

export interface BoardServerOptions {
  rehearsal: Rehearsal;
  host: string;
  /** 0 for any free port */
  port: number;
  /** the secret every request must carry (`newToken()`) */
  token: string;
  /** what a client may hold; the rest from BOARD_LIMITS */
  limits?: Partial<BoardLimits>;
  /** the wall clock */
  wallNow: () => number;
  /** ends the session and writes the report; returns where */
  finish: () => Promise<{ file: string; html: string }>;
  /** the last report written (after a restart: read back from its file) */
  report?: () => Promise<string | undefined>;
  /** how often the clock is moved and the board recomputed (wall ms) */
  tickMs?: number;
  /** problems the server meets (not the user's mistakes, which are answered) */
  log?: (line: string) => void;
}

export interface BoardServer {
  /** the address to open, token included */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What one client may hold of the server. */
export interface BoardLimits {
  /** the largest request body, in bytes (413 above it) */
  bodyBytes: number;
  /** time to send a request body, in ms (408 after it) */
  bodyMs: number;
  /** time to send the request headers, in ms */
  headersMs: number;
  /** simultaneous connections (a page holds one for its feed); more are closed at once */
  connections: number;
}

/** An action is a few hundred bytes, and a room has a few screens. */
export const BOARD_LIMITS: BoardLimits = { bodyBytes: 16 * 1024, bodyMs: 10_000, headersMs: 10_000, connections: 64 };

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * A new secret for the board's address: 24 random bytes in hex, as Jupyter's.
 * @example newToken() // '3f9c0e...' (48 characters)
 */
export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/**
 * Is a host name the loopback interface?
 * @example isLoopback('127.0.0.1') // true
 */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Serves the board of a rehearsal until closed; the clock moves every `tickMs`.
 * @example const server = await startBoardServer({ rehearsal, host: '127.0.0.1', port: 0, wallNow: Date.now, finish }); console.log(server.url)
 */
export async function startBoardServer(opts: BoardServerOptions): Promise<BoardServer> {
  const { rehearsal, wallNow } = opts;
  const limits = { ...BOARD_LIMITS, ...opts.limits };
  const log = opts.log ?? (() => undefined);
  const tokenDigest = digest(opts.token);
  // compared as digests of equal length, in constant time: the answer tells nothing of the token
  const hasToken = (req: IncomingMessage, url: URL) => {
    const given = url.searchParams.get('token') ?? /^token\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return given !== undefined && given !== null && timingSafeEqual(digest(given), tokenDigest);
  };
  const clients = new Set<ServerResponse>();
  const page = renderBoardPage();
  let lastKey = '';
  let ticking = false;
  let closed = false;

  const viewJson = () => {
    const view = rehearsal.view(wallNow());
    return { view, key: JSON.stringify({ ...view, now: 0 }) };
  };
  const send = (res: ServerResponse, event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const broadcast = (force = false) => {
    const { view, key } = viewJson();
    if (!force && key === lastKey) return;
    lastKey = key;
    for (const c of clients) send(c, 'board', view);
  };

  const tick = async () => {
    if (ticking || closed) return;
    ticking = true;
    try {
      await rehearsal.tick(wallNow());
      broadcast();
    } catch (err) {
      log(`tick failed: ${(err as Error).message}`);
    } finally {
      ticking = false;
    }
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
    res.end(JSON.stringify(body));
  };
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // the address holds the token: it is not passed on to any other site
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const hostHeader = req.headers.host ?? '';
    const hostName = hostHeader.replace(/:\d+$/, '');
    if (isLoopback(opts.host) && !isLoopback(hostName))
      return json(res, 421, { error: `this board answers only to the loopback address, not "${hostHeader}"` });
    const url = new URL(req.url ?? '/', `http://${hostHeader || 'localhost'}`);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    if (!hasToken(req, url)) {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) return html(res, 403, NO_TOKEN_PAGE);
      return json(res, 403, { error: NO_TOKEN });
    }

    if (req.method === 'POST') {
      const origin = req.headers.origin;
      if (origin && origin !== `http://${hostHeader}`) return json(res, 403, { error: `posts from another site (${origin}) are refused` });
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
        return json(res, 415, { error: 'send the action as JSON (content-type: application/json) / gửi thao tác dưới dạng JSON' });
    }

    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'content-security-policy':
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        });
        return res.end(page);
      case 'GET /events': {
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write('retry: 1000\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        send(res, 'board', rehearsal.view(wallNow()));
        return;
      }
      case 'GET /api/board':
        return json(res, 200, rehearsal.view(wallNow()));
      case 'POST /api/actions': {
        const body = await readBody(req, limits);
        // the client went away mid-body: nothing to record, no one to answer
        if ('aborted' in body) return;
        // the rest of a refused body is not read: the connection closes after the answer
        if ('status' in body) return json(res, body.status, { error: body.error }, { connection: 'close' });
        let input: unknown;
        try {
          input = JSON.parse(body.text);
        } catch (err) {
          return json(res, 400, { error: `nội dung không phải JSON / the body is not valid JSON (${(err as Error).message})` });
        }
        const result = await rehearsal.record(input, wallNow());
        if (!result.ok) return json(res, result.status, { error: result.error });
        broadcast(true);
        return json(res, 200, result);
      }
      case 'POST /api/finish': {
        const { file } = await opts.finish();
        broadcast(true);
        return json(res, 200, { report: file, url: '/report' });
      }
      case 'GET /report': {
        const report = await opts.report?.();
        if (report === undefined)
          return html(
            res,
            404,
            '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Chưa có báo cáo</title><p style="font:20px sans-serif">Chưa có báo cáo: bấm <b>Kết thúc · xuất báo cáo</b> trên bảng.<br><small>No report yet: press <b>Finish</b> on the board.</small></p></html>',
          );
        return html(res, 200, report);
      }
      default:
        return json(res, url.pathname.startsWith('/api/') || req.method !== 'GET' ? 405 : 404, { error: `no ${route}` });
    }
  };

  const server: Server = createServer({ connectionsCheckingInterval: Math.min(1000, limits.headersMs / 2) }, (req, res) => {
    handle(req, res).catch((err) => {
      // the path only: the query holds the token
      log(`${req.method} ${(req.url ?? '').split('?')[0]}: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) json(res, 500, { error: `internal error: ${(err as Error).message}` });
      else res.end();
    });
  });
  server.headersTimeout = limits.headersMs;
  // a backstop: the body's own limit (readBody) answers first
  server.requestTimeout = limits.headersMs + limits.bodyMs + 1000;
  server.maxConnections = limits.connections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  // started once listening: a port that cannot be had leaves nothing running
  const timer = setInterval(tick, opts.tickMs ?? 200);
  const clockTimer = setInterval(() => {
    const now = rehearsal.simNow(wallNow());
    for (const c of clients) send(c, 'clock', { now, running: !rehearsal.ended(wallNow()) });
  }, 1000);
  // comments keep idle connections open through proxies and sleeping laptops
  const keepAlive = setInterval(() => {
    for (const c of clients) c.write(': keep-alive\n\n');
  }, 15_000);

  const port = (server.address() as AddressInfo).port;
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  await tick();

  return {
    url: `http://${shown}:${port}/?token=${opts.token}`,
    port,
    close: async () => {
      closed = true;
      clearInterval(timer);
      clearInterval(clockTimer);
      clearInterval(keepAlive);
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const NO_TOKEN =
  'cần mã truy cập: mở đúng địa chỉ tthc rehearse đã in ra (có ?token=…) / this board needs its token: open the address tthc rehearse printed (with ?token=…)';
const NO_TOKEN_PAGE =
  '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Cần mã truy cập</title><p style="font:20px sans-serif">Cần mã truy cập: mở đúng địa chỉ <b>tthc rehearse</b> đã in ra, có <code>?token=…</code>.<br><small>This board needs its token: open the address <b>tthc rehearse</b> printed, with its <code>?token=…</code>.</small></p></html>';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** A request body read within the limits: its text, an answer for the client, or the client gone. */
type Body = { text: string } | { status: 408 | 413; error: string } | { aborted: true };

/** Reads a request body, giving up past the size or time limit, or when the client aborts. */
function readBody(req: IncomingMessage, limits: BoardLimits): Promise<Body> {
  const tooLarge = { status: 413 as const, error: `the body is larger than ${limits.bodyBytes} bytes / nội dung quá lớn` };
  if (Number(req.headers['content-length'] ?? 0) > limits.bodyBytes) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (body: Body) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(body);
    };
    const timer = setTimeout(
      () => finish({ status: 408, error: `the body did not arrive within ${limits.bodyMs / 1000} s / nội dung gửi quá chậm` }),
      limits.bodyMs,
    );
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limits.bodyBytes) finish(tooLarge);
      else chunks.push(chunk);
    });
    req.on('end', () => finish({ text: Buffer.concat(chunks).toString('utf8') }));
    // an abort mid-body is the client's choice, not a fault of the server: no stack trace
    req.on('error', () => finish({ aborted: true }));
    req.on('close', () => finish({ aborted: true }));
  });
}
