import { fmt } from '../support/framework';
import { median } from '../support/helpers';
import type { LoadResult } from './load';

/** The rounds of one side (an operation at a connection count) and their medians. */
export class Side {
  readonly rounds: LoadResult[] = [];

  constructor(readonly label: string) {}

  get rps(): number {
    return median(this.rounds.map((r) => r.rps));
  }
  get p50(): number {
    return median(this.rounds.map((r) => r.p50));
  }
  get p99(): number {
    return median(this.rounds.map((r) => r.p99));
  }
  get requests(): number {
    return this.rounds.reduce((sum, r) => sum + r.requests, 0);
  }
  get failures(): number {
    return this.rounds.reduce((sum, r) => sum + r.failures, 0);
  }

  /** `why @10: 1,234 req/s (rounds 1,200 / 1,250), p50 4 ms, p99 9 ms, 0 errors of 7,400`, and the ratio to `floor` if given. */
  describe(floor?: Side): string {
    const rounds = this.rounds.length > 1 ? ` (rounds ${this.rounds.map((r) => fmt(r.rps)).join(' / ')})` : '';
    const ratio = floor ? `, ${fmt(this.rps / floor.rps, 2)} × the floor` : '';
    return `${this.label}: ${fmt(this.rps)} req/s${rounds}, p50 ${fmt(this.p50, 1)} ms, p99 ${fmt(this.p99, 1)} ms, ${fmt(this.failures)} errors of ${fmt(this.requests)}${ratio}`;
  }
}
