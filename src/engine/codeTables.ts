/**
 * Dossier codes in an open-addressing table (linear probing), each with an entry number: a
 * slot is two 4-byte numbers side by side, the code's hash and its entry + 1 (0 0: free), so a
 * probe reads one cache line and a code is compared only when its hash matches. The codes and
 * what is kept with them lie densely by entry, apart from the slots. The audit looks up every
 * event's dossier and official in such tables, where a Map's scattered entries cost a cache
 * miss or two more each. Subclasses keep the values by entry.
 */
abstract class CodeSlots {
  size = 0;
  private mask: number;
  private slots: Int32Array;
  /** the code of each entry (undefined: a free entry) */
  protected codes: (string | undefined)[] = [];
  /** entries freed by delete, to be used again */
  private free: number[] = [];

  constructor(capacity: number) {
    this.mask = capacity - 1;
    this.slots = new Int32Array(2 * capacity);
  }

  /** The entry of `code` (codeHash `h`), or -1; the slot where it is, or would go, is left in `at`. */
  protected find(code: string, h: number): number {
    const { slots, mask } = this;
    h ||= 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      this.at = i;
      if (k === 0) return -1;
      if (k === h) {
        const e = slots[2 * i + 1] - 1;
        if (this.codes[e] === code) return e;
      }
    }
  }
  private at = 0;

  /** A new entry for `code`, in the slot find() left in `at`, growing first when the table would be half full. */
  protected add(code: string, h: number): number {
    h ||= 1;
    if ((this.size + 1) * 4 > this.slots.length) {
      this.rehash(this.slots.length);
      this.find(code, h);
    }
    const e = this.free.length ? this.free.pop()! : this.codes.length;
    this.codes[e] = code;
    this.slots[2 * this.at] = h;
    this.slots[2 * this.at + 1] = e + 1;
    this.size++;
    return e;
  }

  /** Frees the entry of `code` found in slot `at`, moving back the slots after it that probed past it (no tombstones). */
  protected remove(e: number): void {
    const { slots, mask } = this;
    let hole = this.at;
    for (let j = (hole + 1) & mask; slots[2 * j] !== 0; j = (j + 1) & mask) {
      const home = slots[2 * j] & mask;
      // j may move to the hole when its home is not in (hole, j]
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        slots[2 * hole] = slots[2 * j];
        slots[2 * hole + 1] = slots[2 * j + 1];
        hole = j;
      }
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = 0;
    this.codes[e] = undefined;
    this.free.push(e);
    this.size--;
  }

  private rehash(n: number) {
    const old = this.slots;
    this.mask = n - 1;
    this.slots = new Int32Array(2 * n);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0) continue;
      let j = old[i] & this.mask;
      while (this.slots[2 * j] !== 0) j = (j + 1) & this.mask;
      this.slots[2 * j] = old[i];
      this.slots[2 * j + 1] = old[i + 1];
    }
  }
}

/**
 * Dossier codes and an instant each (when they closed); codes are never deleted (the audit
 * drops a whole table at a time), so entries follow one another in memory as they come.
 * @example const t = new CodeTimes(); t.set('HS-1', codeHash('HS-1'), 5); t.get('HS-1', codeHash('HS-1')) // 5 (codeHash from model/log)
 */
export class CodeTimes extends CodeSlots {
  private times: Float64Array;

  constructor(capacity = 1 << 12) {
    super(capacity);
    this.times = new Float64Array(capacity);
  }

  /** The instant kept for `code` (whose codeHash is `h`), or undefined. */
  get(code: string, h: number): number | undefined {
    const e = this.find(code, h);
    return e < 0 ? undefined : this.times[e];
  }

  /** Keeps `ms` for `code`, replacing what was kept for it. */
  set(code: string, h: number, ms: number): void {
    let e = this.find(code, h);
    if (e < 0) {
      e = this.add(code, h);
      if (e >= this.times.length) {
        const grown = new Float64Array(this.times.length * 2);
        grown.set(this.times);
        this.times = grown;
      }
    }
    this.times[e] = ms;
  }
}

/**
 * Dossier codes and a value each, that can be deleted: the audit's open dossiers and officials.
 * @example const t = new CodeMap<number>(); t.set('HS-1', codeHash('HS-1'), 5); t.delete('HS-1', codeHash('HS-1'))
 */
export class CodeMap<V> extends CodeSlots {
  private values: (V | undefined)[] = [];

  get(code: string, h: number): V | undefined {
    const e = this.find(code, h);
    return e < 0 ? undefined : this.values[e];
  }

  set(code: string, h: number, v: V): void {
    let e = this.find(code, h);
    if (e < 0) e = this.add(code, h);
    this.values[e] = v;
  }

  delete(code: string, h: number): boolean {
    const e = this.find(code, h);
    if (e < 0) return false;
    this.values[e] = undefined;
    this.remove(e);
    return true;
  }

  *entries(): IterableIterator<[string, V]> {
    for (let e = 0; e < this.codes.length; e++) if (this.codes[e] !== undefined) yield [this.codes[e]!, this.values[e]!];
  }

  constructor(capacity = 1 << 12) {
    super(capacity);
  }
}
