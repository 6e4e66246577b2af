import { alignmentPoints, scoreCeiling, type CheckScore } from './alignment-points';

const check = (checkId: string, closedAt: string, score: number, outOf = 3): CheckScore => ({
  checkId,
  closedAt,
  score,
  outOf,
  verdict: score === outOf ? 'ALIGNED' : 'FRICTION',
  mismatched: [],
});

describe('alignmentPoints', () => {
  it('places each check at its closing instant, oldest first, with its verdict and score written out', () => {
    const points = alignmentPoints([check('b', '2026-02-01T00:00:00.000Z', 2), check('a', '2026-01-01T00:00:00.000Z', 3)]);
    expect(points.map(({ checkId, time, label }) => ({ checkId, time, label }))).toEqual([
      { checkId: 'a', time: Date.parse('2026-01-01T00:00:00.000Z'), label: 'Aligned 3/3' },
      { checkId: 'b', time: Date.parse('2026-02-01T00:00:00.000Z'), label: 'Friction 2/3' },
    ]);
  });

  it('tops the score axis at the largest question count, at least 1', () => {
    expect(scoreCeiling(alignmentPoints([check('a', '2026-01-01T00:00:00.000Z', 1, 3), check('b', '2026-01-02T00:00:00.000Z', 4, 5)]))).toBe(5);
    expect(scoreCeiling([])).toBe(1);
  });
});
