import { titleCase, type Verdict } from '../ui/vocabulary';

/** One closed check's score, as `alignmentHistory` gives it. */
export interface CheckScore {
  checkId: string;
  closedAt: string;
  score: number;
  outOf: number;
  verdict: Verdict;
  mismatched: string[];
}

/** A point of the alignment chart: the check's score at the instant it closed, with its verdict written out. */
export interface AlignmentPoint extends CheckScore {
  time: number;
  label: string;
}

/** The history as chart points, oldest first (the server's order, kept even if it changed). */
export function alignmentPoints(history: readonly CheckScore[]): AlignmentPoint[] {
  return history
    .map((check) => ({ ...check, time: Date.parse(check.closedAt), label: `${titleCase(check.verdict)} ${check.score}/${check.outOf}` }))
    .sort((a, b) => a.time - b.time);
}

/** The y-axis top: the largest question count of any check, so a 3-question check fills the height. */
export function scoreCeiling(points: readonly AlignmentPoint[]): number {
  return points.reduce((top, point) => Math.max(top, point.outOf), 1);
}
