import { EventBatch } from '../../model/eventBatch.js';
import { codeHash } from '../../model/log.js';
import { roleIndex } from '../../model/roles.js';
import { zoneTime } from './isoTime.js';
import { checked, checkFields, clean } from './normalize.js';

/**
 * A batch of log rows as columns, as a reader fills it: each row checked by the rules every
 * reader shares (checkFields), its times read in the log's zone.
 * @example
 * const b = new LogColumns('Asia/Ho_Chi_Minh');
 * b.add('HS-1', '2024-09-17 14:05', 'vptk', 'VP-TK', 'receive', 'A', 'X', undefined, 'log.csv', 2);
 * b.event(0).ms // Date.parse('2024-09-17T07:05:00Z')
 */
export class LogColumns extends EventBatch {
  constructor(zone: string, capacity = 256) {
    super(zone, zoneTime(zone).iso, capacity);
  }

  /**
   * Adds one row by the rules every reader shares (checkFields): a good row to the columns, a
   * bad one to the errors. `parsedMs` is the time when the reader already read it in place.
   */
  add(
    dossier: string | undefined,
    at: string | undefined,
    official: string | undefined,
    role: string | undefined,
    action: string | undefined,
    procedure: string | undefined,
    unit: string | undefined,
    data: string | undefined,
    file: string,
    row: number,
    parsedMs?: number,
  ): void {
    const d = clean(dossier),
      o = clean(official),
      a = clean(action),
      p = clean(procedure);
    const bad = checkFields(d, clean(at), o, clean(role), a, p, clean(data), this.zone, parsedMs, at, role);
    if (bad) {
      this.errors.push({ file, row, field: bad[0], message: bad[1] });
      this.errorAt.push(this.length);
      return;
    }
    if (checked.data) this.data.set(this.length, checked.data);
    this.push(d, checked.ms, o, checked.role, a, p, clean(unit), row, codeHash(d), codeHash(o), roleIndex(checked.role));
  }
}
