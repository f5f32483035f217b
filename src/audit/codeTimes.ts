import { codeHash } from '../model/log.js';

export { codeHash };

/**
 * Dossier codes in one open-addressing table (linear probing) of typed arrays, with a value
 * each: a lookup reads one slot of 4-byte hashes, and a code is compared only when its hash
 * matches. The audit looks up every event's dossier in such tables, where a Map's scattered
 * entries cost a cache miss or two each. Subclasses keep the values.
 */
abstract class CodeSlots {
  size = 0;
  protected mask: number;
  protected hashes: Int32Array;
  protected codes: (string | undefined)[];

  constructor(capacity: number) {
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.codes = new Array<string | undefined>(capacity).fill(undefined);
  }

  /**
   * The slot of `code` (codeHash `h`), or -1 - the free slot where it would go. A free slot
   * holds hash 0 (a code whose hash is 0 is kept as 1), so a probe reads only the hashes, and a
   * code is read only when its hash matches.
   */
  protected slot(code: string, h: number): number {
    const { hashes, mask } = this;
    h ||= 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = hashes[i];
      if (k === 0) return -1 - i;
      if (k === h && this.codes[i] === code) return i;
    }
  }

  /** Takes slot `i` for `code`, growing first when the table would be half full: returns the slot. */
  protected claim(i: number, code: string, h: number): number {
    if ((this.size + 1) * 2 > this.hashes.length) {
      this.rehash(this.hashes.length * 2);
      i = -1 - this.slot(code, h);
    }
    this.hashes[i] = h || 1;
    this.codes[i] = code;
    this.size++;
    return i;
  }

  /** Frees slot `i`, moving back the codes after it that probed past it (no tombstones). */
  protected free(i: number): void {
    const { hashes, codes, mask } = this;
    let hole = i;
    for (let j = (i + 1) & mask; hashes[j] !== 0; j = (j + 1) & mask) {
      const home = hashes[j] & mask;
      // j may move to the hole when its home is not in (hole, j]
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        hashes[hole] = hashes[j];
        codes[hole] = codes[j];
        this.move(j, hole);
        hole = j;
      }
    }
    hashes[hole] = 0;
    codes[hole] = undefined;
    this.move(-1, hole);
    this.size--;
  }

  private rehash(n: number) {
    const { hashes, codes } = this;
    const old = this.keep();
    this.mask = n - 1;
    this.hashes = new Int32Array(n);
    this.codes = new Array<string | undefined>(n).fill(undefined);
    this.resize(n);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (hashes[i] === 0) continue;
      let j = hashes[i] & this.mask;
      while (this.hashes[j] !== 0) j = (j + 1) & this.mask;
      this.hashes[j] = hashes[i];
      this.codes[j] = c;
      this.moveFrom(old, i, j);
    }
  }

  /** value storage: slot `from` to `to` (from -1: clear `to`) */
  protected abstract move(from: number, to: number): void;
  /** value storage before a rehash, then sized for `n` slots, then filled from the old */
  protected abstract keep(): unknown;
  protected abstract resize(n: number): void;
  protected abstract moveFrom(old: unknown, from: number, to: number): void;
}

/**
 * Dossier codes and an instant each (when they closed).
 * @example const t = new CodeTimes(); t.set('HS-1', codeHash('HS-1'), 5); t.get('HS-1', codeHash('HS-1')) // 5
 */
export class CodeTimes extends CodeSlots {
  private times: Float64Array;

  constructor(capacity = 1 << 12) {
    super(capacity);
    this.times = new Float64Array(capacity);
  }

  /** The instant kept for `code` (whose codeHash is `h`), or undefined. */
  get(code: string, h: number): number | undefined {
    const i = this.slot(code, h);
    return i < 0 ? undefined : this.times[i];
  }

  /** Keeps `ms` for `code`, replacing what was kept for it. */
  set(code: string, h: number, ms: number): void {
    let i = this.slot(code, h);
    if (i < 0) i = this.claim(-1 - i, code, h);
    this.times[i] = ms;
  }

  protected move(from: number, to: number) {
    this.times[to] = from < 0 ? 0 : this.times[from];
  }
  protected keep() {
    return this.times;
  }
  protected resize(n: number) {
    this.times = new Float64Array(n);
  }
  protected moveFrom(old: unknown, from: number, to: number) {
    this.times[to] = (old as Float64Array)[from];
  }
}

/**
 * Dossier codes and a value each, that can be deleted: the audit's open dossiers.
 * @example const t = new CodeMap<number>(); t.set('HS-1', codeHash('HS-1'), 5); t.delete('HS-1', codeHash('HS-1'))
 */
export class CodeMap<V> extends CodeSlots {
  private values: (V | undefined)[];

  constructor(capacity = 1 << 12) {
    super(capacity);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
  }

  get(code: string, h: number): V | undefined {
    const i = this.slot(code, h);
    return i < 0 ? undefined : this.values[i];
  }

  set(code: string, h: number, v: V): void {
    let i = this.slot(code, h);
    if (i < 0) i = this.claim(-1 - i, code, h);
    this.values[i] = v;
  }

  delete(code: string, h: number): boolean {
    const i = this.slot(code, h);
    if (i < 0) return false;
    this.free(i);
    return true;
  }

  *entries(): IterableIterator<[string, V]> {
    for (let i = 0; i < this.codes.length; i++) if (this.hashes[i] !== 0) yield [this.codes[i]!, this.values[i]!];
  }

  clear(): void {
    this.hashes.fill(0);
    this.codes.fill(undefined);
    this.values.fill(undefined);
    this.size = 0;
  }

  protected move(from: number, to: number) {
    this.values[to] = from < 0 ? undefined : this.values[from];
  }
  protected keep() {
    return this.values;
  }
  protected resize(n: number) {
    this.values = new Array<V | undefined>(n).fill(undefined);
  }
  protected moveFrom(old: unknown, from: number, to: number) {
    this.values[to] = (old as (V | undefined)[])[from];
  }
}
