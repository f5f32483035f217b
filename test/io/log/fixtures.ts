import type { LogEvent, LogItem, RowError } from '../../../src/model/log.js';

export const ZONE = 'Asia/Ho_Chi_Minh';

let row = 0;
/** An event at a Vietnam wall time ("2024-09-17 14:05" is 07:05Z). */
export function ev(dossier: string, local: string, official: string, role: LogEvent['role'], action: string, more: Partial<LogEvent> = {}): LogEvent {
  const ms = Date.parse(local.replace(' ', 'T') + '+07:00');
  return { dossier, at: new Date(ms).toISOString(), ms, official, role, action, procedure: 'A', unit: 'Xã Hòa Tú 1', row: ++row, ...more };
}

/** Two dossiers of a commune: names with diacritics, data with Vietnamese text, one with milliseconds. */
export const SAMPLE: LogEvent[] = [
  ev('HS-101', '2024-09-17 14:05', 'tckt', 'TC-KT', 'submit', { data: { ghiChu: 'Nộp trực tuyến', soBan: 2 } }),
  ev('HS-101', '2024-09-17 14:06', 'tckt', 'TC-KT', 'pay'),
  ev('HS-101', '2024-09-17 14:20', 'vptk', 'VP-TK', 'receive'),
  ev('HS-101', '2024-09-17 14:31', 'Phạm Văn Lộc', 'TP-HT', 'appraise', { data: { note: 'Đủ điều kiện, "hợp lệ"; chuyển lãnh đạo' } }),
  ev('HS-101', '2024-09-17 15:02', 'ct', 'CT', 'sign'),
  ev('HS-101', '2024-09-17 15:10', 'vptk', 'VP-TK', 'return'),
  ev('HS-102', '2024-09-17 14:40', 'Đỗ Văn Phúc', 'VH-XH', 'submit', { procedure: 'B', unit: 'Phường 5, TP. Sóc Trăng' }),
  ev('HS-102', '2024-09-17 14:41', 'tpht', 'TP-HT', 'receive', { procedure: 'B', unit: 'Phường 5, TP. Sóc Trăng' }),
  { ...ev('HS-102', '2024-09-17 15:00', 'tpht', 'TP-HT', 'confirm', { procedure: 'B', unit: '' }), ms: Date.parse('2024-09-17T08:00:00.250Z') },
  ev('HS-103', '2024-09-18 07:30', 'dcxd', 'ĐC-XD', 'submit', { unit: 'Thị trấn Mỹ Xuyên' }),
];

/** What a round trip must keep of an event. */
export const kept = (e: LogEvent) => ({
  dossier: e.dossier,
  ms: e.ms,
  official: e.official,
  role: e.role,
  action: e.action,
  procedure: e.procedure,
  unit: e.unit,
  data: e.data,
});

/** A byte source that hands the text over in small pieces, splitting UTF-8 sequences. */
export async function* bytes(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const all = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size);
}

/** A sink that keeps what a writer wrote. */
export function textSink(): { sink: (s: string) => void; text: () => string; pieces: string[] } {
  const pieces: string[] = [];
  return { sink: (s) => void pieces.push(s), text: () => pieces.join(''), pieces };
}

/** Everything a reader yields: the events, the errors, and the batch sizes. */
export async function readAll(batches: AsyncIterable<LogItem[]>): Promise<{ events: LogEvent[]; errors: RowError[]; sizes: number[] }> {
  const events: LogEvent[] = [];
  const errors: RowError[] = [];
  const sizes: number[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    for (const item of batch) {
      if (item.ok) events.push(item.event);
      else errors.push(item.error);
    }
  }
  return { events, errors, sizes };
}
