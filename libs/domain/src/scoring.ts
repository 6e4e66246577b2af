/*
 * Score (DESIGN.md rule 5): the number of MATCH questions out of all. All → ALIGNED,
 * at least 2/3 → FRICTION, at least 1/3 → FRACTURE, else SPLIT; for the standard three that
 * is 3, 2, 1, 0. Fractions are compared in integers (3·score ≥ 2·outOf), never as floats.
 */
import type { Judgement, Verdict } from './shared/vocabulary';

/** The verdict for `score` MATCH questions out of `outOf`. */
export function verdictFor(score: number, outOf: number): Verdict {
  if (!Number.isInteger(outOf) || outOf < 1) throw new RangeError(`outOf must be a positive integer, got ${outOf}`);
  if (!Number.isInteger(score) || score < 0 || score > outOf) {
    throw new RangeError(`score must be an integer from 0 to ${outOf}, got ${score}`);
  }
  if (score === outOf) return 'ALIGNED';
  if (3 * score >= 2 * outOf) return 'FRICTION';
  if (3 * score >= outOf) return 'FRACTURE';
  return 'SPLIT';
}

/** Scores a closed check from the judgement of each of its questions. */
export function scoreCheck(judgements: readonly Judgement[]): { score: number; outOf: number; verdict: Verdict } {
  const score = judgements.filter((judgement) => judgement === 'MATCH').length;
  const outOf = judgements.length;
  return { score, outOf, verdict: verdictFor(score, outOf) };
}
