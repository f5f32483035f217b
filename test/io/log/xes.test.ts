import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { LogFileError } from '../../../src/io/located.js';
import { groupByDossier, readXes, writeXes, xmlAttr } from '../../../src/io/log/xes.js';
import { SAMPLE, ZONE, bytes, ev, kept, readAll, textSink } from './fixtures.js';

const read = (text: string, opts: Parameters<typeof readXes>[2] = { zone: ZONE }) => readAll(readXes(bytes(text, 11), 'nhat-ky.xes', opts));
const written = async (events: Parameters<typeof writeXes>[0], opts?: Parameters<typeof writeXes>[2]) => {
  const out = textSink();
  await writeXes(events, out.sink, opts);
  return out.text();
};

const s = (key: string, value: string) => `<string key="${key}" value="${value}"/>`;
const d = (value: string) => `<date key="time:timestamp" value="${value}"/>`;
/** A log as ProM or a provincial export would write it. */
const HAND_WRITTEN = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xes.features="nested-attributes" openxes.version="1.0RC7" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event">${s('concept:name', '__INVALID__')}${s('org:resource', 'nobody')}</global>
  ${s('concept:name', 'Nhật ký Sóc Trăng 2024')}
  <trace>
    ${s('concept:name', 'HS-1')}${s('tthc:procedure', 'A')}${s('tthc:unit', 'Xã Hòa Tú 1')}
    <event>${s('concept:name', 'submit')}${d('2024-09-17T14:05:00.000+07:00')}${s('org:resource', 'tckt')}${s('org:role', 'TC-KT')}${s('lifecycle:transition', 'complete')}</event>
    <event>${s('concept:name', 'receive')}${d('2024-09-17T14:19:00.000+07:00')}${s('org:resource', 'vptk')}${s('org:role', 'VP-TK')}${s('lifecycle:transition', 'start')}</event>
    <event>
      ${s('concept:name', 'receive')}${d('2024-09-17T07:20:00.000Z')}${s('org:resource', 'vptk')}${s('org:role', 'VP-TK')}${s('lifecycle:transition', 'COMPLETE')}
      <string key="note" value="đã kiểm tra">${s('org:resource', 'nested, not the official')}</string>
      <list key="attachments">${s('org:role', 'CT')}</list>
      ${s('tthc:data', '{&quot;soTrang&quot;:3}')}
    </event>
  </trace>
  <trace>
    ${s('concept:name', 'HS-2')}${s('tthc:procedure', 'B')}
    <event>${s('concept:name', 'submit')}${d('2024-09-17T14:40:00+07:00')}${s('org:resource', 'Đỗ Văn Phúc')}${s('org:role', 'VH-XH')}${s('tthc:unit', 'Phường 5')}</event>
  </trace>
</log>`;

describe('XES logs', () => {
  it('reads back every event it wrote: dossier, time, official, role, action, procedure, unit and data', async () => {
    const text = await written(SAMPLE, { name: 'Xã Hòa Tú 1' });
    const { events, errors } = await read(text);
    expect(errors).toEqual([]);
    expect(events.map(kept)).toEqual(SAMPLE.map(kept));
    expect(events.map((e) => e.row)).toEqual(SAMPLE.map((_, i) => i + 1));
  });

  it('writes one trace per dossier named by the dossier code, with the standard extensions and timestamps with milliseconds', async () => {
    const text = await written(SAMPLE);
    expect(text.match(/<trace>/g)).toHaveLength(3);
    expect(text).toContain('<string key="concept:name" value="HS-101"/>');
    expect(text).toContain('<date key="time:timestamp" value="2024-09-17T14:05:00.000+07:00"/>');
    expect(text).toContain('<date key="time:timestamp" value="2024-09-17T15:00:00.250+07:00"/>');
    for (const prefix of ['concept', 'time', 'org', 'lifecycle', 'tthc']) expect(text).toContain(`prefix="${prefix}"`);
    // the procedure and unit are said once on the trace, and again only on an event that differs
    expect(text.match(/key="tthc:unit"/g)).toHaveLength(4);
  });

  it('reads a hand-written log: trace-level procedure and unit, UTC times, only completed events, nested attributes left alone', async () => {
    const { events, errors } = await read(HAND_WRITTEN);
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.row, e.dossier, e.ms, e.official, e.role, e.action, e.procedure, e.unit, e.data])).toEqual([
      [1, 'HS-1', Date.parse('2024-09-17T07:05:00Z'), 'tckt', 'TC-KT', 'submit', 'A', 'Xã Hòa Tú 1', undefined],
      // event 2 is the start of the reception: not an action of its own, but it keeps its number
      [3, 'HS-1', Date.parse('2024-09-17T07:20:00Z'), 'vptk', 'VP-TK', 'receive', 'A', 'Xã Hòa Tú 1', { soTrang: 3 }],
      [4, 'HS-2', Date.parse('2024-09-17T07:40:00Z'), 'Đỗ Văn Phúc', 'VH-XH', 'submit', 'B', 'Phường 5', undefined],
    ]);
  });

  it('reads other attribute keys named with --columns', async () => {
    const text = HAND_WRITTEN.replaceAll('org:role', 'org:group');
    expect((await read(text)).errors.map((e) => e.field)).toEqual(['role', 'role', 'role']);
    const { events, errors } = await read(text, { zone: ZONE, columns: { role: 'org:group' } });
    expect(errors).toEqual([]);
    expect(events.map((e) => e.role)).toEqual(['TC-KT', 'VP-TK', 'VH-XH']);
  });

  it('reports an event without a timestamp, an unknown role or bad data by event number and field, and reads the rest', async () => {
    const text = `<log><trace>${s('concept:name', 'HS-1')}${s('tthc:procedure', 'A')}
      <event>${s('concept:name', 'submit')}${s('org:resource', 'tckt')}${s('org:role', 'TC-KT')}</event>
      <event>${s('concept:name', 'receive')}${d('2024-09-17T14:20:00+07:00')}${s('org:resource', 'vptk')}${s('org:role', 'Văn thư')}</event>
      <event>${s('concept:name', 'appraise')}${d('hôm qua')}${s('org:resource', 'tpht')}${s('org:role', 'TP-HT')}</event>
      <event>${s('concept:name', 'sign')}${d('2024-09-17T15:00:00+07:00')}${s('org:resource', 'ct')}${s('org:role', 'CT')}${s('tthc:data', 'not json')}</event>
      <event>${s('concept:name', 'return')}${d('2024-09-17T15:10:00+07:00')}${s('org:resource', 'vptk')}${s('org:role', 'VP-TK')}</event>
    </trace><trace>
      <event>${s('concept:name', 'submit')}${d('2024-09-17T15:20:00+07:00')}${s('org:resource', 'vptk')}${s('org:role', 'VP-TK')}${s('tthc:procedure', 'A')}</event>
    </trace></log>`;
    const { events, errors } = await read(text);
    expect(events.map((e) => [e.row, e.action])).toEqual([[5, 'return']]);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'at'],
      [2, 'role'],
      [3, 'at'],
      [4, 'data'],
      [6, 'dossier'],
    ]);
    expect(errors[0].message).toContain('XES event 1');
    expect(errors[0].message).toContain('time:timestamp');
    expect(errors[4].message).toContain('concept:name');
  });

  it('stops with the file, line and column when the XML is broken', async () => {
    const text = `<log>\n<trace>\n${s('concept:name', 'HS-1')}\n<event><string key="a" value="b"></event>\n</trace></log>`;
    await expect(read(text)).rejects.toThrow(/^nhat-ky\.xes:4:\d+: .*not well-formed/);
  });

  it('refuses an XML file that is not an XES log', async () => {
    await expect(read('<workbook><sheet/></workbook>')).rejects.toThrow('nhat-ky.xes: not an XES log (the root element is <workbook>, expected <log>)');
  });

  it('keeps Vietnamese diacritics, quotes, ampersands, angle brackets and line breaks through a round trip', async () => {
    const odd = [
      ev('HS-<1> & "2"', '2024-09-17 14:05', 'Nguyễn Thị "Út" & <Lan>', 'ĐC-XD', "nộp 'hồ sơ'", {
        unit: 'Ấp Hòa Lộc\r\nxã Đại Ân 2\t(cũ)',
        data: { ghiChu: 'dòng 1\ndòng 2 </event> ]]>' },
      }),
    ];
    const { events, errors } = await read(await written(odd));
    expect(errors).toEqual([]);
    expect(events.map(kept)).toEqual(odd.map(kept));
  });

  it('replaces characters XML cannot carry at all', () => {
    expect(xmlAttr('a\u0001b\u000Bc')).toBe('a\uFFFDb\uFFFDc');
    expect(xmlAttr('Phạm "Lộc" <vptk>')).toBe('Phạm &quot;Lộc&quot; &lt;vptk&gt;');
  });

  it('opens a second trace when a dossier comes back after another, and groupByDossier avoids it', async () => {
    const mixed = [SAMPLE[0], SAMPLE[6], SAMPLE[1]];
    const plain = await written(mixed);
    expect(plain.match(/<trace>/g)).toHaveLength(3);
    expect((await read(plain)).events.map(kept)).toEqual(mixed.map(kept));
    const grouped = await written(groupByDossier(mixed));
    expect(grouped.match(/<trace>/g)).toHaveLength(2);
    expect((await read(grouped)).events.map(kept)).toEqual([SAMPLE[0], SAMPLE[1], SAMPLE[6]].map(kept));
  });

  it('hands over batches while a large log is still arriving', async () => {
    const total = 20_000;
    let produced = 0;
    async function* source() {
      yield '<log>';
      for (let i = 0; i < total; i += 500) {
        let chunk = `<trace>${s('concept:name', `HS-${i}`)}${s('tthc:procedure', 'A')}`;
        for (let j = i; j < i + 500; j++)
          chunk += `<event>${s('concept:name', 'receive')}${d(new Date(Date.UTC(2024, 0, 2) + j * 1000).toISOString())}${s('org:resource', 'vptk')}${s('org:role', 'VP-TK')}</event>`;
        produced += 500;
        yield chunk + '</trace>';
      }
      yield '</log>';
    }
    let producedAtFirstBatch = -1;
    let n = 0;
    for await (const batch of readXes(source(), 'big.xes', { zone: ZONE })) {
      if (producedAtFirstBatch < 0) producedAtFirstBatch = produced;
      n += batch.filter((b) => b.ok).length;
    }
    expect(producedAtFirstBatch).toBeLessThan(total / 2);
    expect(n).toBe(total);
  });

  it('says what is wrong with a file that is no XES log as a bad file (LogFileError) naming it: empty, cut short, compressed, UTF-16, not XML', async () => {
    const whole = Buffer.from(await written(SAMPLE));
    const bad: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /^nhat-ky\.xes:1:0: document must contain a root element/],
      ['cut short', whole.subarray(0, whole.length >> 1), /^nhat-ky\.xes:\d+:\d+: .*not well-formed/],
      ['gzip', gzipSync(whole), /^nhat-ky\.xes: the file is compressed \(gzip\): decompress it first$/],
      ['UTF-16', Buffer.from('\uFEFF' + whole.toString(), 'utf16le'), /^nhat-ky\.xes: the file is UTF-16 or UTF-32 text, not UTF-8/],
      ['UTF-16 without a byte order mark', Buffer.from(whole.toString(), 'utf16le'), /^nhat-ky\.xes: the file is UTF-16 or UTF-32 text, not UTF-8/],
      ['not XML', Buffer.from('dossier,at\nHS-1,2024'), /^nhat-ky\.xes:\d+:\d+: .*not well-formed/],
      ['another XML', Buffer.from('<workbook/>'), /^nhat-ky\.xes: not an XES log/],
    ];
    for (const [what, file, message] of bad) {
      const failure = await readAll(readXes(bytes(file, 11), 'nhat-ky.xes', { zone: ZONE })).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure, what).toBeInstanceOf(LogFileError);
      expect((failure as Error).message, what).toMatch(message);
    }
  });
});
