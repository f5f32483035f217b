/**
 * A seeded random source (mulberry32): the same seed gives the same draws on every machine.
 * @example const rand = seeded(42); rand() // 0.6011037519201636
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A duration distribution, in minutes, given by its median and 90th percentile (log-normal). */
export interface Spread {
  median: number;
  p90: number;
}

const Z90 = 1.2815515655446004;

/**
 * Draws a log-normal duration (minutes) with the given median and 90th percentile.
 * @example drawMinutes({ median: 5, p90: 12 }, seeded(1))
 */
export function drawMinutes(spread: Spread, rand: () => number): number {
  const mu = Math.log(Math.max(spread.median, 1e-6));
  const sigma = Math.max(0, (Math.log(Math.max(spread.p90, spread.median)) - mu) / Z90);
  // Box-Muller; 1 - u keeps the log finite
  const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Math.exp(mu + sigma * z);
}
