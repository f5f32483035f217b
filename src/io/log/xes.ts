import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { LogFileError } from '../located.js';
import type { LogEvent, LogItem } from '../../model/log.js';
import { notTextBecause } from './detect.js';
import { DEFAULT_LOG_ZONE, zoneTime } from './isoTime.js';
import { normaliseRow, type LogField, type RawRow } from './normalize.js';
import { writeLines, type LogEvents, type LogSink } from './sink.js';

const BATCH = 4096;
/** text handed to the parser at a time, so one huge chunk cannot make one huge batch */
const SLICE = 1 << 18;

/**
 * The XES attribute keys each field is read from (IEEE 1849 standard extensions, and the tthc
 * extension of this project: tthc:procedure, tthc:unit, tthc:data). The dossier is the trace's
 * concept:name; the action is the event's concept:name.
 */
export const XES_KEYS: Readonly<Record<LogField, string>> = {
  dossier: 'concept:name',
  at: 'time:timestamp',
  official: 'org:resource',
  role: 'org:role',
  action: 'concept:name',
  procedure: 'tthc:procedure',
  unit: 'tthc:unit',
  data: 'tthc:data',
};

/** The URI the tthc extension is declared with in files this project writes. */
export const TTHC_XES_EXTENSION_URI = 'urn:tthc-sim:xes:tthc';

/** element names of XES attributes (nested attributes and lists are read past, not into) */
const ATTRIBUTE_TAGS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);

type Attrs = Record<string, string>;
const attrs = (): Attrs => Object.create(null) as Attrs;

/**
 * Reads an XES (IEEE 1849) event log as a stream with a SAX parser: one trace per dossier (its
 * concept:name is the dossier code), one event per action. Each event's fields come from its
 * own attributes, else from its trace's (tthc:procedure and tthc:unit usually sit on the trace);
 * `columns` names other keys (`{ role: 'org:group' }`). Only events whose lifecycle:transition
 * is "complete" or absent are actions; start/schedule/... events are passed over. Row numbers
 * are event indexes: the n-th <event> element of the file, counting from 1 and counting the
 * events passed over, so "row 12" is the twelfth <event> in the file. Malformed XML stops the
 * read with a LogFileError naming file:line:column, as do compressed or UTF-16 bytes.
 * @example for await (const batch of readXes(createReadStream('log.xes'), 'log.xes', { zone: 'Asia/Ho_Chi_Minh' })) ...
 */
export async function* readXes(
  source: AsyncIterable<Uint8Array | string>,
  file: string,
  opts: { zone: string; columns?: Partial<Record<LogField, string>> },
): AsyncGenerator<LogItem[]> {
  const keys: Record<LogField, string> = { ...XES_KEYS, ...opts.columns };
  const dossierFromTrace = !opts.columns?.dossier;
  const fields = Object.keys(keys) as LogField[];
  const parser = new SaxesParser<{ xmlns: false; fileName: string }>({ xmlns: false, fileName: file });
  const decoder = new TextDecoder('utf-8');
  const stack: string[] = [];
  let trace = attrs();
  let event: Attrs | undefined;
  let eventNo = 0;
  let batch: LogItem[] = [];
  let failure: Error | undefined;

  const take = (ev: Attrs, row: number) => {
    const lifecycle = ev['lifecycle:transition'];
    if (lifecycle !== undefined && lifecycle.trim().toLowerCase() !== 'complete') return;
    const raw: RawRow = {};
    for (const f of fields) {
      const k = keys[f];
      raw[f] = f === 'action' ? ev[k] : f === 'dossier' && dossierFromTrace ? trace[k] : (ev[k] ?? trace[k]);
    }
    const item = normaliseRow(raw, file, row, opts.zone);
    if (!item.ok) {
      const key = keys[item.error.field as LogField];
      item.error.message += ` (XES event ${row} of the file${key ? `, attribute "${key}"` : ''})`;
    }
    batch.push(item);
  };

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const parent = stack.length ? stack[stack.length - 1] : undefined;
    const name = tag.name;
    stack.push(name);
    if (parent === 'event' && event && ATTRIBUTE_TAGS.has(name)) {
      const { key, value } = tag.attributes;
      if (key !== undefined && value !== undefined) event[key] = value;
    } else if (parent === 'trace' && ATTRIBUTE_TAGS.has(name)) {
      const { key, value } = tag.attributes;
      if (key !== undefined && value !== undefined) trace[key] = value;
    } else if (name === 'event') {
      eventNo++;
      event = attrs();
    } else if (name === 'trace') {
      trace = attrs();
    } else if (parent === undefined && name !== 'log') {
      failure ??= new LogFileError(`${file}: not an XES log (the root element is <${name}>, expected <log>)`);
    }
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    stack.pop();
    if (tag.name === 'event' && event) {
      take(event, eventNo);
      event = undefined;
    } else if (tag.name === 'trace') {
      trace = attrs();
    }
  });
  parser.on('error', (err: Error) => {
    failure ??= new LogFileError(`${err.message} (the XES file is not well-formed XML)`);
  });

  let first = true;
  for await (const chunk of source) {
    if (first && chunk.length) {
      first = false;
      // compressed or UTF-16 bytes would read as characters XML does not allow: say what they are
      const why = typeof chunk === 'string' ? undefined : notTextBecause(chunk);
      if (why) throw new LogFileError(`${file}: ${why}`);
    }
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (let i = 0; i < text.length; i += SLICE) {
      parser.write(text.length <= SLICE ? text : text.slice(i, i + SLICE));
      if (failure) throw failure;
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  parser.write(decoder.decode());
  parser.close();
  if (failure) throw failure;
  if (batch.length) yield batch;
}

const XML_ESCAPE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
// characters XML 1.0 cannot carry even as references become U+FFFD
const NEEDS_ESCAPE = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ESCAPE_ALL = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Text made safe for a double-quoted XML attribute; tabs and line breaks are kept as
 * references, since a parser would otherwise turn them into spaces.
 * @example xmlAttr('Phạm "Lộc" <vptk>') // 'Phạm &quot;Lộc&quot; &lt;vptk&gt;'
 */
export function xmlAttr(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, (c) => XML_ESCAPE[c] ?? '\uFFFD') : s;
}

const str = (indent: string, key: string, value: string) => `${indent}<string key="${key}" value="${xmlAttr(value)}"/>\n`;

/**
 * Writes events as an XES log that readXes and process-mining tools (ProM, PM4Py, Disco) read:
 * one <trace> per dossier, with the standard concept, time, org and lifecycle extensions and the
 * tthc extension for procedure, unit and data. Streams without buffering: a trace is open while
 * consecutive events share a dossier, so pass events GROUPED BY DOSSIER (sorted by dossier, then
 * time, or through `groupByDossier` when the log fits in memory). A dossier that comes back after
 * another opens a second trace of the same name: readXes still reads every event right, but
 * process-mining tools count two cases. Returns the number of events written.
 * @example await writeXes(groupByDossier(events), out.write, { name: 'Xã Hòa Tú 1, 2024' })
 */
export async function writeXes(events: LogEvents, sink: LogSink, opts: { zone?: string; name?: string } = {}): Promise<number> {
  const { iso } = zoneTime(opts.zone ?? DEFAULT_LOG_ZONE);
  let open: { dossier: string; procedure: string; unit: string } | undefined;
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">\n' +
    '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n' +
    '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n' +
    '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n' +
    '  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n' +
    `  <extension name="TTHC" prefix="tthc" uri="${TTHC_XES_EXTENSION_URI}"/>\n` +
    '  <global scope="trace">\n    <string key="concept:name" value="__INVALID__"/>\n  </global>\n' +
    '  <global scope="event">\n    <string key="concept:name" value="__INVALID__"/>\n' +
    '    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>\n' +
    '    <string key="lifecycle:transition" value="complete"/>\n  </global>\n' +
    '  <classifier name="Activity" keys="concept:name"/>\n' +
    '  <classifier name="Resource" keys="org:resource"/>\n' +
    (opts.name !== undefined ? str('  ', 'concept:name', opts.name) : '');

  const line = (e: LogEvent): string => {
    let out = '';
    if (!open || open.dossier !== e.dossier) {
      if (open) out += '  </trace>\n';
      open = { dossier: e.dossier, procedure: e.procedure, unit: e.unit };
      out += '  <trace>\n' + str('    ', 'concept:name', e.dossier) + str('    ', 'tthc:procedure', e.procedure);
      if (e.unit) out += str('    ', 'tthc:unit', e.unit);
    }
    const t = iso(e.ms);
    out +=
      '    <event>\n' +
      str('      ', 'concept:name', e.action) +
      // XES tools expect milliseconds in every timestamp
      `      <date key="time:timestamp" value="${e.ms % 1000 === 0 ? t.slice(0, 19) + '.000' + t.slice(19) : t}"/>\n` +
      str('      ', 'org:resource', e.official) +
      str('      ', 'org:role', e.role) +
      '      <string key="lifecycle:transition" value="complete"/>\n';
    if (e.procedure !== open.procedure) out += str('      ', 'tthc:procedure', e.procedure);
    if (e.unit !== open.unit) out += str('      ', 'tthc:unit', e.unit);
    if (e.data) out += str('      ', 'tthc:data', JSON.stringify(e.data));
    return out + '    </event>\n';
  };

  return writeLines(events, sink, line, head, () => (open ? '  </trace>\n' : '') + '</log>\n');
}

/**
 * Buffers a whole log and gives its events back grouped by dossier (dossiers in order of first
 * appearance, each dossier's events in their original order), for writeXes. Memory grows with
 * the log: for logs too large for that, sort the file by dossier first.
 * @example await writeXes(groupByDossier(events), sink)
 */
export async function* groupByDossier(events: LogEvents): AsyncGenerator<LogEvent> {
  const byDossier = new Map<string, LogEvent[]>();
  for await (const e of events) {
    const list = byDossier.get(e.dossier);
    if (list) list.push(e);
    else byDossier.set(e.dossier, [e]);
  }
  for (const list of byDossier.values()) yield* list;
}
