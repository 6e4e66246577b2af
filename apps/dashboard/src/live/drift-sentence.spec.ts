import { driftSentence, driftTitle, type Drift } from './drift-sentence';

const base: Drift = {
  id: 'e1',
  kind: 'SCORE_DROP',
  position: 9,
  detectedAt: '2026-02-02T09:00:00.000Z',
  checkId: 'c1',
  decisionId: null,
  questionKey: null,
  previousScore: null,
  score: null,
  dueAt: null,
};

describe('drift sentences', () => {
  it('says how far alignment fell', () => {
    const drift = { ...base, previousScore: 3, score: 1 };
    expect(driftTitle(drift)).toBe('Alignment dropped');
    expect(driftSentence(drift)).toBe('Alignment fell from 3 to 1.');
  });

  it('names the question and the decision a definition drifted from', () => {
    const drift: Drift = { ...base, kind: 'DEFINITION_DRIFT', questionKey: 'optimizing_for', decisionId: '0123456789abcdef' };
    expect(driftSentence(drift)).toBe('Answers to optimizing_for drifted from decision 01234567.');
  });

  it('gives the due date of a missed check', () => {
    const drift: Drift = { ...base, kind: 'CHECK_OVERDUE', checkId: null, dueAt: '2026-05-03T12:00:00.000Z' };
    expect(driftTitle(drift)).toBe('A check is overdue');
    expect(driftSentence(drift)).toMatch(/^The alignment check due .*2026 was not held\.$/);
    expect(driftSentence(drift)).toContain(new Date('2026-05-03T12:00:00.000Z').toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }));
  });
});
