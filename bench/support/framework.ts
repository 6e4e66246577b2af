/**
 * What every benchmark gives the runner (`bench/run.ts`): figures to print, and checks (a measured
 * figure against a target). A benchmark measures its baselines in the same run as Accord, so a
 * ratio holds on a noisy machine even when the absolute figures move.
 */

/** `full`: the sizes of the targets. `smoke`: tiny sizes, to prove the benchmark starts and prints (CI). */
export type BenchSize = 'full' | 'smoke';

export interface BenchContext {
  size: BenchSize;
  /** `full` at full size, `smoke` at smoke size. */
  pick<T>(full: T, smoke: T): T;
  /**
   * Data one benchmark may hand to a later one in the same run (e.g. a store of 1,000,000 events):
   * `shared(key, make)` makes it once. Whatever it makes must live in a directory from
   * `makeTempDir` (removed at the end) or register its own cleanup with {@link BenchContext.onCleanup}.
   */
  shared<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Runs at the end of the whole run (also after a failure), last registered first. */
  onCleanup(cleanup: () => Promise<void> | void): void;
}

export interface Check {
  /** What is compared, e.g. `batch100 Accord / raw`. */
  what: string;
  measured: number;
  /** `min`: measured must be ≥ target; `max`: ≤ target. */
  direction: 'min' | 'max';
  target: number;
  /** `ev/s`, `ms`, `×`, `KB`, `MB`… */
  unit: string;
}

export interface BenchReport {
  /** Lines printed under the benchmark's heading: the figures, rounds, baselines and ratios. */
  figures: string[];
  checks: Check[];
  /** Remarks printed after the figures (what a figure means, what was left out and why). */
  notes?: string[];
}

export interface Benchmark {
  name: string;
  /** One line: what is measured, against which baselines. */
  description: string;
  /** Rough duration at full size on the 2-core machine, shown by `--help`. */
  expected: string;
  run(context: BenchContext): Promise<BenchReport>;
}

export function passes(check: Check): boolean {
  return check.direction === 'min' ? check.measured >= check.target : check.measured <= check.target;
}

/** A number as the report prints it: thousands separated, at most `decimals` decimals. */
export function fmt(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: decimals });
}

/** `12.3 ms`, `0.87 ×`, `52,300 ev/s`: ratios and small values get decimals. */
export function fmtValue(value: number, unit: string): string {
  const decimals = unit === '×' ? 2 : Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return `${fmt(value, decimals)} ${unit}`.trimEnd();
}

export function describeCheck(check: Check): string {
  return `${check.what}: ${fmtValue(check.measured, check.unit)} (target ${check.direction === 'min' ? '≥' : '≤'} ${fmtValue(check.target, check.unit)})`;
}

/** Percentile of already sorted values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
