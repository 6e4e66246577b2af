/**
 * Rounds in which every side runs once, back to back, in forward order in even rounds and reversed
 * in odd ones (A R P, P R A, …), so the drift of this noisy VM hits every side alike. Each side
 * runs on a fresh file per round and checks it afterwards (untimed).
 */
import { fmt } from '../support/framework';
import { median, Progress } from '../support/helpers';

export interface Side {
  label: string;
  /** Events one round writes or reads (sides may differ: the peer is slow, so it gets fewer). */
  eventsPerRound: number;
  /** Information only: shown, but no target is judged on it. */
  info?: boolean;
  /** One round; returns the timed milliseconds. */
  run(round: number, progress: Progress): Promise<number>;
}

export interface SideResult {
  side: Side;
  /** Events per second, one per round. */
  rates: number[];
  median: number;
}

export async function alternate(name: string, rounds: number, sides: readonly Side[]): Promise<Map<string, SideResult>> {
  const progress = new Progress(name, 0);
  const results = new Map(sides.map((side) => [side.label, { side, rates: [] as number[], median: 0 }]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        progress.phase(`${name} round ${round + 1}/${rounds} ${side.label}`, side.eventsPerRound);
        const ms = await side.run(round, progress);
        results.get(side.label)!.rates.push((side.eventsPerRound / ms) * 1000);
      }
    }
  } finally {
    progress.clear();
  }
  for (const result of results.values()) result.median = median(result.rates);
  return results;
}

/** `Accord          100,000 ev/round  rounds 61,200 · 58,900 · 63,000  median 61,200 ev/s`. */
export function sideLines(results: Map<string, SideResult>): string[] {
  const all = [...results.values()];
  const labelWidth = Math.max(...all.map((r) => r.side.label.length + (r.side.info ? 7 : 0)));
  const eventsWidth = Math.max(...all.map((r) => fmt(r.side.eventsPerRound).length));
  return all.map(({ side, rates, median: m }) => {
    const label = (side.info ? `${side.label} (info)` : side.label).padEnd(labelWidth);
    return `${label}  ${fmt(side.eventsPerRound).padStart(eventsWidth)} ev/round  rounds ${rates.map((r) => fmt(r)).join(' · ')}  median ${fmt(m)} ev/s`;
  });
}
