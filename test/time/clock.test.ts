import { describe, expect, it } from 'vitest';
import { HeapClock } from '../../src/time/clock.js';

const T0 = Date.parse('2024-09-17T07:00:00+07:00');
const MIN = 60_000;

describe('HeapClock', () => {
  it('starts at the instant it is given and does not move on its own', () => {
    const clock = new HeapClock(T0);
    expect(clock.now()).toBe(T0);
    expect(clock.nextAt()).toBeUndefined();
  });

  it('moves to the target instant when there is no timer', () => {
    const clock = new HeapClock(T0);
    clock.advanceTo(T0 + 15 * MIN);
    expect(clock.now()).toBe(T0 + 15 * MIN);
  });

  it('fires timers in time order, whatever order they were armed in', () => {
    const clock = new HeapClock(T0);
    const fired: string[] = [];
    for (const [name, minutes] of [
      ['c', 30],
      ['a', 5],
      ['e', 90],
      ['b', 15],
      ['d', 60],
    ] as const)
      clock.setTimeout(() => fired.push(name), minutes * MIN);
    clock.advanceTo(T0 + 120 * MIN);
    expect(fired).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('fires timers due at the same instant in the order they were armed', () => {
    const clock = new HeapClock(T0);
    const fired: number[] = [];
    for (let i = 0; i < 20; i++) clock.setTimeout(() => fired.push(i), 10 * MIN);
    clock.setTimeout(() => fired.push(-1), 5 * MIN);
    clock.advanceTo(T0 + 10 * MIN);
    expect(fired).toEqual([-1, ...Array.from({ length: 20 }, (_, i) => i)]);
  });

  it('keeps ties in arming order among many timers at mixed instants', () => {
    const clock = new HeapClock(T0);
    const fired: Array<[number, number]> = [];
    const armed: Array<[number, number]> = [];
    // deterministic pseudo-random delays with many ties
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const delay = (seed % 7) * MIN;
      armed.push([delay, i]);
      clock.setTimeout(() => fired.push([delay, i]), delay);
    }
    clock.advanceTo(T0 + 10 * MIN);
    const expected = [...armed].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(fired).toEqual(expected);
  });

  it('shows each timer its own instant as now while it fires', () => {
    const clock = new HeapClock(T0);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 15 * MIN);
    clock.setTimeout(() => seen.push(clock.now()), 45 * MIN);
    clock.advanceTo(T0 + 60 * MIN);
    expect(seen).toEqual([T0 + 15 * MIN, T0 + 45 * MIN]);
    expect(clock.now()).toBe(T0 + 60 * MIN);
  });

  it('fires a timer armed inside a fired timer at its own instant, counted from the firing timer', () => {
    const clock = new HeapClock(T0);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => {
      seen.push(['first', clock.now()]);
      clock.setTimeout(() => seen.push(['second', clock.now()]), 15 * MIN);
    }, 10 * MIN);
    clock.setTimeout(() => seen.push(['other', clock.now()]), 30 * MIN);
    clock.advanceTo(T0 + 60 * MIN);
    expect(seen).toEqual([
      ['first', T0 + 10 * MIN],
      ['second', T0 + 25 * MIN], // before "other", although armed after it
      ['other', T0 + 30 * MIN],
    ]);
  });

  it('fires a chain of timers, each arming the next, all within one advance', () => {
    const clock = new HeapClock(T0);
    const seen: number[] = [];
    const step = () => {
      seen.push(clock.now());
      if (seen.length < 5) clock.setTimeout(step, 15 * MIN);
    };
    clock.setTimeout(step, 15 * MIN);
    clock.advanceTo(T0 + 8 * 60 * MIN);
    expect(seen).toEqual([1, 2, 3, 4, 5].map((k) => T0 + k * 15 * MIN));
  });

  it('fires a zero-delay timer armed inside a fired timer at the same instant, in the same advance', () => {
    const clock = new HeapClock(T0);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => {
      seen.push(['outer', clock.now()]);
      clock.setTimeout(() => seen.push(['inner', clock.now()]), 0);
    }, 10 * MIN);
    clock.advanceTo(T0 + 10 * MIN);
    expect(seen).toEqual([
      ['outer', T0 + 10 * MIN],
      ['inner', T0 + 10 * MIN],
    ]);
  });

  it('keeps a timer armed inside a fired timer beyond the target pending', () => {
    const clock = new HeapClock(T0);
    let fired = false;
    clock.setTimeout(() => clock.setTimeout(() => (fired = true), 60 * MIN), 10 * MIN);
    clock.advanceTo(T0 + 30 * MIN);
    expect(fired).toBe(false);
    expect(clock.now()).toBe(T0 + 30 * MIN);
    expect(clock.nextAt()).toBe(T0 + 70 * MIN);
    clock.advanceTo(T0 + 70 * MIN);
    expect(fired).toBe(true);
  });

  it('fires a timer due exactly at the target, but not one due a millisecond later', () => {
    const clock = new HeapClock(T0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('at'), 10 * MIN);
    clock.setTimeout(() => fired.push('after'), 10 * MIN + 1);
    clock.advanceTo(T0 + 10 * MIN);
    expect(fired).toEqual(['at']);
    expect(clock.nextAt()).toBe(T0 + 10 * MIN + 1);
  });

  it('fires each timer only once', () => {
    const clock = new HeapClock(T0);
    let count = 0;
    clock.setTimeout(() => count++, 5 * MIN);
    clock.advanceTo(T0 + 10 * MIN);
    clock.advanceTo(T0 + 20 * MIN);
    expect(count).toBe(1);
    expect(clock.nextAt()).toBeUndefined();
  });

  it('fires a zero or negative delay at the current instant on the next advance', () => {
    const clock = new HeapClock(T0);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 0);
    clock.setTimeout(() => seen.push(clock.now()), -5 * MIN);
    expect(clock.nextAt()).toBe(T0);
    clock.advanceTo(T0);
    expect(seen).toEqual([T0, T0]);
  });

  it('counts a delay from the current instant, not from the start', () => {
    const clock = new HeapClock(T0);
    clock.advanceTo(T0 + 60 * MIN);
    clock.setTimeout(() => {}, 15 * MIN);
    expect(clock.nextAt()).toBe(T0 + 75 * MIN);
  });

  it('cancels a timer with clearTimeout', () => {
    const clock = new HeapClock(T0);
    const fired: string[] = [];
    const a = clock.setTimeout(() => fired.push('a'), 10 * MIN);
    clock.setTimeout(() => fired.push('b'), 20 * MIN);
    clock.clearTimeout(a);
    clock.advanceTo(T0 + 30 * MIN);
    expect(fired).toEqual(['b']);
  });

  it('cancels a later timer from inside a fired timer, even one due at the same instant', () => {
    const clock = new HeapClock(T0);
    const fired: string[] = [];
    let later: unknown;
    let tie: unknown;
    clock.setTimeout(() => {
      fired.push('first');
      clock.clearTimeout(tie);
      clock.clearTimeout(later);
    }, 10 * MIN);
    tie = clock.setTimeout(() => fired.push('tie'), 10 * MIN);
    later = clock.setTimeout(() => fired.push('later'), 20 * MIN);
    clock.advanceTo(T0 + 30 * MIN);
    expect(fired).toEqual(['first']);
  });

  it('ignores clearTimeout of an unknown or already fired timer', () => {
    const clock = new HeapClock(T0);
    const fired: string[] = [];
    const a = clock.setTimeout(() => fired.push('a'), 5 * MIN);
    clock.setTimeout(() => fired.push('b'), 10 * MIN);
    clock.advanceTo(T0 + 5 * MIN);
    expect(() => clock.clearTimeout(a)).not.toThrow();
    expect(() => clock.clearTimeout(12345)).not.toThrow();
    expect(() => clock.clearTimeout(undefined)).not.toThrow();
    clock.advanceTo(T0 + 10 * MIN);
    expect(fired).toEqual(['a', 'b']);
  });

  it('gives each timer a distinct id', () => {
    const clock = new HeapClock(T0);
    const ids = Array.from({ length: 50 }, () => clock.setTimeout(() => {}, MIN));
    expect(new Set(ids).size).toBe(50);
  });

  it('refuses to go back in time and stays where it was', () => {
    const clock = new HeapClock(T0);
    clock.advanceTo(T0 + 10 * MIN);
    let fired = false;
    clock.setTimeout(() => (fired = true), 0);
    expect(() => clock.advanceTo(T0 + 5 * MIN)).toThrow(/cannot go back/);
    expect(clock.now()).toBe(T0 + 10 * MIN);
    expect(fired).toBe(false);
  });

  it('accepts advancing to the current instant', () => {
    const clock = new HeapClock(T0);
    expect(() => clock.advanceTo(T0)).not.toThrow();
    expect(clock.now()).toBe(T0);
  });

  it('reports the instant of the next pending timer', () => {
    const clock = new HeapClock(T0);
    expect(clock.nextAt()).toBeUndefined();
    clock.setTimeout(() => {}, 30 * MIN);
    expect(clock.nextAt()).toBe(T0 + 30 * MIN);
    clock.setTimeout(() => {}, 10 * MIN);
    expect(clock.nextAt()).toBe(T0 + 10 * MIN);
    clock.setTimeout(() => {}, 20 * MIN);
    expect(clock.nextAt()).toBe(T0 + 10 * MIN);
  });

  it('leaves cancelled timers out of the next pending instant', () => {
    const clock = new HeapClock(T0);
    const a = clock.setTimeout(() => {}, 10 * MIN);
    const b = clock.setTimeout(() => {}, 20 * MIN);
    clock.setTimeout(() => {}, 30 * MIN);
    clock.clearTimeout(a);
    expect(clock.nextAt()).toBe(T0 + 20 * MIN);
    clock.clearTimeout(b);
    expect(clock.nextAt()).toBe(T0 + 30 * MIN);
  });

  it('reports no pending timer once all have fired or been cancelled', () => {
    const clock = new HeapClock(T0);
    const a = clock.setTimeout(() => {}, 10 * MIN);
    clock.setTimeout(() => {}, 5 * MIN);
    clock.advanceTo(T0 + 5 * MIN);
    expect(clock.nextAt()).toBe(T0 + 10 * MIN);
    clock.clearTimeout(a);
    expect(clock.nextAt()).toBeUndefined();
  });

  it('steps timer by timer with nextAt', () => {
    const clock = new HeapClock(T0);
    const fired: number[] = [];
    for (const m of [45, 15, 30]) clock.setTimeout(() => fired.push(m), m * MIN);
    const stops: number[] = [];
    for (let next = clock.nextAt(); next !== undefined; next = clock.nextAt()) {
      clock.advanceTo(next);
      stops.push(clock.now());
    }
    expect(fired).toEqual([15, 30, 45]);
    expect(stops).toEqual([T0 + 15 * MIN, T0 + 30 * MIN, T0 + 45 * MIN]);
  });
});
