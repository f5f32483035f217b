import { readFile } from 'node:fs/promises';
import { InputError } from '../io/located.js';
import type { Lang } from '../model/text.js';
import { renderReportHtml, timelineOf } from '../report/html.js';
import { newToken, startBoardServer, type BoardLimits } from './http.js';
import { openFileStore, readJournalFile, readStateFile, scenarioDigest, writeDurably, type RehearsalPaths } from './journal.js';
import { openRehearsal, type Rehearsal, type RehearsalScenario, type RehearsalState } from '../rehearsal/rehearsal.js';

export interface RehearsalServerOptions {
  scenario: RehearsalScenario;
  /** the scenario file and its text, to tie the journal to this version of it */
  scenarioFile: string;
  scenarioText: string;
  paths: RehearsalPaths;
  /** --speed: a dry run at this speed; on a restart, a new speed from now on */
  speed?: number;
  host: string;
  port: number;
  /** language of the HTML report */
  lang: Lang;
  wallNow: () => number;
  tickMs?: number;
  /** what a client may hold of the server (tests shorten them) */
  limits?: Partial<BoardLimits>;
  log?: (line: string) => void;
}

export interface RehearsalServer {
  /** the address to open, its token included */
  url: string;
  port: number;
  rehearsal: Rehearsal;
  /** true when an earlier run's journal was picked up */
  restored: boolean;
  /** what was repaired or assumed on the way in, for the trainer to read */
  notices: string[];
  close(): Promise<void>;
}

/**
 * Opens (or resumes) the rehearsal of a scenario on its journal and serves its board.
 * @example const s = await startRehearsalServer({ scenario: loaded, scenarioFile, scenarioText, paths: rehearsalPaths(scenarioFile), host: '127.0.0.1', port: 0, lang: 'vi', wallNow: Date.now })
 */
export async function startRehearsalServer(opts: RehearsalServerOptions): Promise<RehearsalServer> {
  const { scenario, paths } = opts;
  const { session, registry } = scenario;
  const notices: string[] = [];
  const digest = scenarioDigest(opts.scenarioText);
  const wall = opts.wallNow();

  let state = await readStateFile(paths.state);
  const journal = await readJournalFile(paths.journal, session, registry);
  if (journal.repaired) notices.push(journal.repaired);
  if (state && state.scenarioSha256 !== digest)
    throw new InputError([
      {
        file: paths.state,
        path: 'scenarioSha256',
        message: `this journal was recorded with another version of ${state.scenario} (its content changed): restore that version, or start a new journal with --journal NEW.jsonl`,
      },
    ]);
  if (!state && journal.entries.length) {
    // the journal survived without its state file: resume the clock at the last recorded action
    const last = journal.entries[journal.entries.length - 1].event.ms;
    state = {
      format: 'tthc-rehearsal/1',
      scenario: opts.scenarioFile,
      scenarioSha256: digest,
      mode: opts.speed !== undefined ? 'dry-run' : 'live',
      anchor: { wall, sim: last, speed: opts.speed ?? 1 },
      incidents: [],
    } satisfies RehearsalState;
    notices.push(`${paths.state} is missing: the clock resumes at the last recorded action (${journal.entries[journal.entries.length - 1].event.at})`);
  }

  // the same token after a restart, so that a page left open reconnects by itself
  const token = state?.token ?? newToken();
  const store = await openFileStore(paths, session);
  let rehearsal: Rehearsal;
  try {
    rehearsal = await openRehearsal({
      scenario,
      store,
      restored: state ? { state, entries: journal.entries } : undefined,
      fresh: state
        ? undefined
        : { mode: opts.speed !== undefined ? 'dry-run' : 'live', speed: opts.speed ?? 1, scenario: opts.scenarioFile, scenarioSha256: digest },
      speed: state ? opts.speed : undefined,
      token,
      wallNow: wall,
    });
  } catch (err) {
    await store.close();
    throw err;
  }

  let lastReport: string | undefined;
  const finish = async () => {
    const { trace, result } = await rehearsal.finish(opts.wallNow());
    const html = renderReportHtml(result, { lang: opts.lang, zone: session.zone, procedures: scenario.procedures }, timelineOf(result, trace));
    await writeDurably(paths.report, html);
    lastReport = html;
    return { file: paths.report, html };
  };
  const report = async () => {
    if (lastReport !== undefined) return lastReport;
    // after a restart: the report "Finish" wrote before, once the session is over
    if (!rehearsal.ended(opts.wallNow())) return undefined;
    return readFile(paths.report, 'utf8').catch(() => undefined);
  };

  let server;
  try {
    server = await startBoardServer({
      rehearsal,
      host: opts.host,
      port: opts.port,
      token,
      limits: opts.limits,
      wallNow: opts.wallNow,
      finish,
      report,
      tickMs: opts.tickMs,
      log: opts.log,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    url: server.url,
    port: server.port,
    rehearsal,
    restored: state !== undefined,
    notices,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}
