import { scoreCheck, verdictFor } from './scoring';
import type { Verdict } from './shared/vocabulary';

describe('scoring', () => {
  describe('when the standard three questions are judged', () => {
    it.each<[string, number, Verdict]>([
      ['all three match', 3, 'ALIGNED'],
      ['two match', 2, 'FRICTION'],
      ['one matches', 1, 'FRACTURE'],
      ['none match', 0, 'SPLIT'],
    ])('gives %s the verdict %s', (_case, score, verdict) => {
      expect(verdictFor(score, 3)).toBe(verdict);
    });
  });

  describe('when a firm has its own number of questions', () => {
    it.each<[number, number, Verdict]>([
      [1, 1, 'ALIGNED'],
      [0, 1, 'SPLIT'],
      [2, 2, 'ALIGNED'],
      [1, 2, 'FRACTURE'],
      [0, 2, 'SPLIT'],
      [4, 4, 'ALIGNED'],
      [3, 4, 'FRICTION'],
      [2, 4, 'FRACTURE'],
      [1, 4, 'SPLIT'],
      [5, 5, 'ALIGNED'],
      [4, 5, 'FRICTION'],
      [3, 5, 'FRACTURE'],
      [2, 5, 'FRACTURE'],
      [1, 5, 'SPLIT'],
      [6, 6, 'ALIGNED'],
      [5, 6, 'FRICTION'],
      [4, 6, 'FRICTION'],
      [3, 6, 'FRACTURE'],
      [2, 6, 'FRACTURE'],
      [1, 6, 'SPLIT'],
      [0, 6, 'SPLIT'],
    ])('gives %i out of %i the verdict %s', (score, outOf, verdict) => {
      expect(verdictFor(score, outOf)).toBe(verdict);
    });
  });

  describe('when a score lies exactly on a third', () => {
    it('counts 2 of 3 and 20 of 30 as FRICTION, 10 of 30 as FRACTURE, with no float rounding', () => {
      expect(verdictFor(2, 3)).toBe('FRICTION');
      expect(verdictFor(20, 30)).toBe('FRICTION');
      expect(verdictFor(19, 30)).toBe('FRACTURE');
      expect(verdictFor(10, 30)).toBe('FRACTURE');
      expect(verdictFor(9, 30)).toBe('SPLIT');
    });
  });

  describe('when the numbers are impossible', () => {
    it.each([
      [0, 0],
      [4, 3],
      [-1, 3],
      [1.5, 3],
      [1, 2.5],
    ])('refuses %p out of %p', (score, outOf) => {
      expect(() => verdictFor(score, outOf)).toThrow(RangeError);
    });
  });

  describe('when a check is scored from its judgements', () => {
    it('counts the MATCH questions out of all', () => {
      expect(scoreCheck(['MATCH', 'MISMATCH', 'MATCH'])).toEqual({ score: 2, outOf: 3, verdict: 'FRICTION' });
    });

    it('gives SPLIT when nothing matches', () => {
      expect(scoreCheck(['MISMATCH', 'MISMATCH', 'MISMATCH'])).toEqual({ score: 0, outOf: 3, verdict: 'SPLIT' });
    });

    it('refuses a check without questions', () => {
      expect(() => scoreCheck([])).toThrow(RangeError);
    });
  });
});
