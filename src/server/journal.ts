import { createHash } from 'node:crypto';
import { open, readFile, rename, truncate, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { ProcedureRegistry } from '../engine/registry.js';
import { zoneTime } from '../io/log/isoTime.js';
import { readJsonl } from '../io/log/jsonl.js';
import { InputError, type LocatedError } from '../io/located.js';
import type { LogItem } from '../model/log.js';
import type { Session } from '../model/session.js';
import { problemsOfJournal, type JournalEntry, type RehearsalState, type RehearsalStore } from '../rehearsal/rehearsal.js';

// The rehearsal's files. The journal is a log `tthc replay` reads as it is: JSON Lines with the
// LogEvent fields (dossier, at with +07:00, official, role, action, procedure, unit, data), in
// the key order writeJsonl writes, plus two keys of its own that readJsonl ignores ("source":
// board | timeline, "recordedAt": the wall time of the click). Nothing else goes in it: a header
// or a clock line would be a bad row for `tthc replay`, and an official's incident (connection
// failure) has no dossier, which every log row needs. Those, and the clock, go in the state file
// beside it, replaced atomically on each change.

/** The files of one rehearsal. */
export interface RehearsalPaths {
  journal: string;
  state: string;
  report: string;
}

/**
 * Where a rehearsal keeps its files: `<scenario name>.journal.jsonl` beside the scenario unless
 * --journal names it; the state file and the report beside the journal.
 * @example rehearsalPaths('scenarios/commune-full.yaml') // { journal: 'scenarios/commune-full.journal.jsonl', state: 'scenarios/commune-full.journal.state.json', report: 'scenarios/commune-full.report.html' }
 */
export function rehearsalPaths(scenario: string, journal?: string, report?: string): RehearsalPaths {
  const j = journal ?? join(dirname(scenario), `${basename(scenario).replace(/\.(ya?ml|json)$/i, '')}.journal.jsonl`);
  const stem = j.replace(/\.jsonl$/i, '');
  return { journal: j, state: `${stem}.state.json`, report: report ?? `${stem.replace(/\.journal$/i, '')}.report.html` };
}

/**
 * A SHA-256 digest of a scenario's text: a journal belongs to one version of one scenario.
 * @example scenarioDigest('unit: ...') // '3f1c...'
 */
export function scenarioDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * One journal line: the fields writeJsonl writes, in its order, then the rehearsal's own keys.
 * @example journalLine(entry, 'Xã Hòa Tú 1', 'Asia/Ho_Chi_Minh') // '{"dossier":"HS-101","at":"2024-10-08T14:31:00+07:00",...,"source":"board","recordedAt":"..."}\n'
 */
export function journalLine(entry: JournalEntry, unit: string, zone: string): string {
  const e = entry.event;
  return (
    JSON.stringify({
      dossier: e.dossier,
      at: zoneTime(zone).iso(e.ms),
      official: e.official,
      role: e.role,
      action: e.action,
      procedure: entry.procedure,
      unit,
      ...(e.data ? { data: e.data } : {}),
      source: entry.source,
      recordedAt: new Date(entry.recordedAt).toISOString(),
    }) + '\n'
  );
}

/** An open journal and state file: every write is on disk (fsync) before its promise resolves. */
export interface FileStore extends RehearsalStore {
  close(): Promise<void>;
}

/**
 * Opens the journal for appending (created if missing) and returns the store a rehearsal writes to.
 * @example const store = await openFileStore(paths, session); await openRehearsal({ ..., store })
 */
export async function openFileStore(paths: RehearsalPaths, session: Session): Promise<FileStore> {
  const created = !(await exists(paths.journal));
  const fh: FileHandle = await open(paths.journal, 'a');
  if (created) await syncDir(paths.journal);
  return {
    append: async (entry) => {
      await fh.write(journalLine(entry, session.unit.name, session.zone));
      await fh.datasync();
    },
    // the state file holds the board's token: readable by its owner only
    saveState: (state) => writeDurably(paths.state, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 }),
    close: () => fh.close(),
  };
}

/** A journal read back, and what was repaired on the way. */
export interface ReadJournal {
  entries: (JournalEntry & { line: number })[];
  /** a last line cut short by a crash (never acknowledged) was removed */
  repaired?: string;
}

/**
 * Reads a journal back with the reader `tthc replay` uses, then checks it against the scenario.
 * A last line without its newline was being written when the process died: it was never
 * acknowledged, so it is cut off (or completed, when it is whole). Any other bad line is an
 * InputError naming the line and field.
 * @example const { entries } = await readJournalFile('s.journal.jsonl', session, registry)
 */
export async function readJournalFile(file: string, session: Session, registry: ProcedureRegistry): Promise<ReadJournal> {
  let text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  let repaired: string | undefined;
  if (text.length && !text.endsWith('\n')) {
    const cut = text.lastIndexOf('\n') + 1;
    const tail = text.slice(cut);
    const whole = await parse(tail + '\n', file, session.zone);
    if (whole.every((i) => i.ok)) {
      text += '\n';
      await writeDurably(file, text);
      repaired = `${file}: the last line had no newline; it was added`;
    } else {
      text = text.slice(0, cut);
      await truncate(file, Buffer.byteLength(text, 'utf8'));
      repaired = `${file}: line ${text.split('\n').length} was cut short when the last run stopped (never acknowledged); it was removed`;
    }
  }
  const items = await parse(text, file, session.zone);
  const lines = text.split('\n');
  const errors: LocatedError[] = [];
  const entries: ReadJournal['entries'] = [];
  for (const item of items) {
    if (!item.ok) {
      errors.push({ file, line: item.error.row, path: item.error.field, message: item.error.message });
      continue;
    }
    const e = item.event;
    const extra = JSON.parse(lines[e.row - 1]) as { source?: unknown; recordedAt?: unknown };
    const recordedAt = typeof extra.recordedAt === 'string' ? Date.parse(extra.recordedAt) : NaN;
    entries.push({
      event: { dossier: e.dossier, at: e.at, ms: e.ms, official: e.official, role: e.role, action: e.action, ...(e.data ? { data: e.data } : {}) },
      procedure: e.procedure,
      source: extra.source === 'timeline' ? 'timeline' : 'board',
      recordedAt: Number.isNaN(recordedAt) ? 0 : recordedAt,
      line: e.row,
    });
  }
  for (const p of problemsOfJournal(entries, session, registry)) errors.push({ file, line: p.line, path: p.field, message: p.message });
  if (errors.length) throw new InputError(errors);
  return { entries, repaired };
}

const anchorSchema = z.object({ wall: z.number(), sim: z.number(), speed: z.number().positive() });
const stateSchema = z.object({
  format: z.literal('tthc-rehearsal/1'),
  scenario: z.string(),
  scenarioSha256: z.string(),
  mode: z.enum(['live', 'dry-run']),
  anchor: anchorSchema,
  finishedAt: z.number().optional(),
  incidents: z.array(
    z.object({
      at: z.string(),
      official: z.string(),
      role: z.string(),
      action: z.string(),
      source: z.enum(['board', 'timeline']),
      recordedAt: z.number(),
      afterEntries: z.number().int().min(0),
    }),
  ),
  token: z
    .string()
    .regex(/^[\w-]{16,256}$/)
    .optional(),
});

/**
 * Reads a rehearsal's state file; undefined when there is none.
 * @example const state = await readStateFile('s.journal.state.json')
 */
export async function readStateFile(file: string): Promise<RehearsalState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ file, path: '', message: `not valid JSON (${(err as Error).message})` }]);
  }
  const parsed = stateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError([{ file, path: issue.path.join('.'), message: `${issue.message}: is this a rehearsal state file?` }]);
  }
  return parsed.data as RehearsalState;
}

/**
 * Replaces a file so that a crash leaves the old or the new content, never half: a temporary
 * file is written and fsync'ed, renamed over, and the folder fsync'ed. `mode`: the new file's
 * permissions (before the umask).
 * @example await writeDurably('report.html', html)
 */
export async function writeDurably(file: string, text: string, opts: { mode?: number } = {}): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', opts.mode);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  await syncDir(file);
}

async function parse(text: string, file: string, zone: string): Promise<LogItem[]> {
  const out: LogItem[] = [];
  for await (const batch of readJsonl(once(text), file, { zone })) out.push(...batch);
  return out;
}

async function* once(text: string) {
  yield text;
}

async function exists(file: string): Promise<boolean> {
  try {
    await (await open(file, 'r')).close();
    return true;
  } catch {
    return false;
  }
}

async function syncDir(file: string): Promise<void> {
  // a directory's fsync makes a new or renamed entry durable; some file systems refuse it
  try {
    const dir = await open(dirname(file) || '.', 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    /* best effort */
  }
}
