/**
 * A seeded synthetic processing log for benchmarks: `dossiers` dossiers of procedures A and B
 * spread over the working days of 2024 across 100 communes, written as CSV in time order.
 * Most dossiers run to the result; some are refused, abandoned, returned late or done by a
 * wrong role, so every path of the kernel is exercised. `style: 'vn'` writes it as provincial
 * exports look: long dossier codes, officials' names with diacritics, D/M/YYYY local times.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { makeCalendar } from '../src/time/calendar.js';
import { VN_CALENDAR } from '../src/time/calendars/vn.js';
import { seeded as rng } from '../src/simulate/random.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export async function writeSynthLog(path: string, dossiers: number, seed = 42, style: 'plain' | 'vn' = 'plain'): Promise<{ events: number; dossiers: number }> {
  const vn = style === 'vn';
  const rand = rng(seed);
  const cal = makeCalendar(VN_CALENDAR);
  const days: string[] = [];
  for (let d = cal.nextWorkingDay('2023-12-31'); d < '2025-01-01'; d = cal.nextWorkingDay(d)) days.push(d);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('dossier,at,official,role,action,procedure,unit\n');
  const perDay = Math.ceil(dossiers / days.length);
  let n = 0;
  let events = 0;
  const iso = (ms: number) => {
    const local = new Date(ms + 7 * 3_600_000).toISOString();
    return vn ? `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 19)}` : local.slice(0, 19) + '+07:00';
  };
  for (const day of days) {
    if (n >= dossiers) break;
    const open = cal.at(day, '07:00');
    const rows: [number, string][] = [];
    for (let k = 0; k < perDay && n < dossiers; k++, n++) {
      const unit = Math.floor(rand() * 100);
      const u = `X${pad(unit, 3)}`;
      const code = vn ? `000.00.${pad(unit, 2)}.H12-${day.slice(2).replaceAll('-', '')}-${pad(n + 1, 7)}` : `HS-${pad(n + 1, 7)}`;
      const proc = rand() < 0.7 ? 'A' : 'B';
      const citizen = vn ? `Công dân ${pad(Math.floor(rand() * 1e6), 6)}` : `cd-${pad(Math.floor(rand() * 1e6), 6)}`;
      const vp = vn ? `Nguyễn Thị Văn Phòng ${u}` : `${u}-vptk`,
        tp = vn ? `Trần Văn Tư Pháp ${u}` : `${u}-tpht`,
        ct = vn ? `Lê Văn Chủ Tịch ${u}` : `${u}-ct`;
      let t = open + Math.floor(rand() * 7.5 * 3600) * 1000;
      const step = () => (t += Math.floor((rand() < 0.95 ? 60 + rand() * 840 : 900 + rand() * 7200) * 1000));
      const ev = (who: string, role: string, action: string) => rows.push([t, `${code},${iso(t)},${who},${role},${action},${proc},${u}\n`]);
      const r = rand();
      ev(citizen, 'KCT', 'submit');
      if (proc === 'A') {
        step();
        ev(citizen, 'KCT', 'pay');
        step();
        ev(vp, 'VP-TK', r < 0.03 ? 'refuse' : 'receive');
        if (r < 0.03) continue;
        if (r < 0.06) continue; // abandoned: stays open
        step();
        ev(r < 0.08 ? vp : tp, r < 0.08 ? 'VP-TK' : 'TP-HT', 'appraise');
        if (r < 0.08) {
          step();
          ev(tp, 'TP-HT', 'appraise');
        }
        step();
        ev(ct, 'CT', 'sign');
        step();
        ev(vp, 'VP-TK', 'return');
      } else {
        step();
        ev(tp, 'TP-HT', r < 0.03 ? 'refuse' : 'receive');
        if (r < 0.03) continue;
        step();
        ev(citizen, 'KCT', 'pay');
        step();
        ev(tp, 'TP-HT', 'approve');
        step();
        ev(tp, 'TP-HT', 'confirm');
      }
    }
    rows.sort((a, b) => a[0] - b[0]);
    for (const [, line] of rows) await write(line);
    events += rows.length;
  }
  out.end();
  await once(out, 'finish');
  return { events, dossiers: n };
}
