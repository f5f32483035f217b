const DAY_SECONDS = 86_400;
/** durations under this many seconds (over an hour: most steps) take their bucket from a table of 8 KB, small enough to stay in the processor's cache */
const TABLE_SECONDS = 4096;
const BUCKET = (() => {
  const t = new Uint16Array(TABLE_SECONDS);
  const k = 1 / Math.log(1.05);
  for (let i = 0; i < TABLE_SECONDS; i++) t[i] = Math.floor(Math.log1p(i) * k);
  return t;
})();

/**
 * A compact log-scale histogram of durations (seconds) for medians and 90th percentiles over
 * millions of values in constant memory: bucket width grows 5% per bucket, so a quantile is
 * within about 2.5% of the exact value.
 * @example const h = new DurationHistogram(); h.add(600); h.quantile(0.5) // ~600
 */
export class DurationHistogram {
  private static readonly K = 1 / Math.log(1.05);
  // allocated on first use: most officials of a large log (citizens) never get a duration
  private counts?: Uint32Array;
  count = 0;

  add(seconds: number): void {
    const s = Math.max(0, seconds);
    this.counts ??= new Uint32Array(400);
    // short durations, to the second, take their bucket from a table instead of a logarithm; up to a day, the second counts as in the table
    const b =
      s < TABLE_SECONDS
        ? BUCKET[Math.floor(s)]
        : s < DAY_SECONDS
          ? Math.floor(Math.log1p(Math.floor(s)) * DurationHistogram.K)
          : Math.min(this.counts.length - 1, Math.floor(Math.log1p(s) * DurationHistogram.K));
    this.counts[b]++;
    this.count++;
  }

  /** Adds another histogram's counts to this one. */
  merge(other: DurationHistogram): void {
    if (!other.counts) return;
    this.counts ??= new Uint32Array(other.counts.length);
    for (let i = 0; i < other.counts.length; i++) this.counts[i] += other.counts[i];
    this.count += other.count;
  }

  /** The counts, for sending to another thread. */
  toJSON(): number[] {
    return this.counts ? Array.from(this.counts) : [];
  }

  /** A histogram from `toJSON()` output. */
  static from(counts: readonly number[]): DurationHistogram {
    const h = new DurationHistogram();
    if (counts.length) {
      h.counts = Uint32Array.from(counts);
      h.count = counts.reduce((a, b) => a + b, 0);
    }
    return h;
  }

  /** The q-quantile (0..1) in seconds, the middle of its bucket; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0 || !this.counts) return undefined;
    const target = q * (this.count - 1);
    let seen = 0;
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b];
      if (seen > target) return Math.expm1((b + 0.5) / DurationHistogram.K);
    }
    return undefined;
  }
}
