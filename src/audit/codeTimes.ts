/**
 * FNV-1a of a string's UTF-16 code units: the hash the audit's code tables use (the CSV reader
 * computes the same over a cell's bytes when they are ASCII).
 * @example codeHash('HS-1') === codeHash('HS-1') // true
 */
export function codeHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Dossier codes and an instant each (when they closed), in one open-addressing table of
 * typed arrays: a lookup reads one slot of 4-byte hashes, and a code is compared only when its
 * hash matches. The audit looks up every new dossier here, hundreds of thousands of codes
 * deep, where a Map's scattered entries cost a cache miss or two each.
 * @example const t = new CodeTimes(); t.set('HS-1', codeHash('HS-1'), 5); t.get('HS-1', codeHash('HS-1')) // 5
 */
export class CodeTimes {
  size = 0;
  private mask: number;
  private hashes: Int32Array;
  private times: Float64Array;
  private codes: (string | undefined)[];

  constructor(capacity = 1 << 12) {
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.codes = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** The instant kept for `code` (whose codeHash is `h`), or undefined. */
  get(code: string, h: number): number | undefined {
    const { hashes, codes, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const c = codes[i];
      if (c === undefined) return undefined;
      if (hashes[i] === h && c === code) return this.times[i];
    }
  }

  /** Keeps `ms` for `code`, replacing what was kept for it. */
  set(code: string, h: number, ms: number): void {
    if ((this.size + 1) * 2 > this.hashes.length) this.grow();
    const { hashes, codes, mask } = this;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const c = codes[i];
      if (c === undefined) break;
      if (hashes[i] === h && c === code) {
        this.times[i] = ms;
        return;
      }
    }
    hashes[i] = h;
    codes[i] = code;
    this.times[i] = ms;
    this.size++;
  }

  private grow() {
    const { hashes, times, codes } = this;
    const n = hashes.length * 2;
    this.mask = n - 1;
    this.hashes = new Int32Array(n);
    this.times = new Float64Array(n);
    this.codes = new Array<string | undefined>(n).fill(undefined);
    this.size = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c !== undefined) this.set(c, hashes[i], times[i]);
    }
  }
}
