import { answerCheckId, shownData, shownJson } from './redaction';

const answer = { checkId: 'c1', questionKey: 'optimizing_for', memberId: 'ada', text: 'Margin per partner hour', vagueTerms: ['value'], at: '2026-01-01T00:00:00.000Z' };

describe('redaction', () => {
  describe('when the check of an answer is not revealed', () => {
    it.each(['AnswerSubmitted', 'AnswerRevised'])('shows who answered %s, never the text', (type) => {
      expect(shownData(type, answer, false)).toEqual({ checkId: 'c1', questionKey: 'optimizing_for', memberId: 'ada', sealed: true });
    });
  });

  describe('when the check is revealed', () => {
    it('shows the answer as recorded', () => {
      expect(shownData('AnswerSubmitted', answer, true)).toBe(answer);
    });
  });

  it("never shows the founder's token hash", () => {
    const founded = { firmId: 'f1', name: 'Acme', founder: { memberId: 'ada', name: 'Ada', tokenHash: 'abc' }, cadenceDays: 90 };
    expect(shownData('FirmFounded', founded, true)).toEqual({ firmId: 'f1', name: 'Acme', founder: { memberId: 'ada', name: 'Ada' }, cadenceDays: 90 });
    expect(founded.founder.tokenHash).toBe('abc');
  });

  it("never shows a joining member's token hash", () => {
    const joined = { firmId: 'f1', memberId: 'bob', name: 'Bob', role: 'PARTNER', tokenHash: 'abc', joinedAt: 'x' };
    expect(shownData('MemberJoined', joined, true)).not.toHaveProperty('tokenHash');
  });

  it("never shows a rotated token's hash, in data or JSON text", () => {
    const rotated = { firmId: 'f1', memberId: 'bob', tokenHash: 'abc', rotatedAt: 'x' };
    expect(shownData('MemberTokenRotated', rotated, true)).toEqual({ firmId: 'f1', memberId: 'bob', rotatedAt: 'x' });
    expect(shownJson('MemberTokenRotated', JSON.stringify(rotated), true)).not.toContain('abc');
  });

  it('shows every other event unchanged', () => {
    const judged = { checkId: 'c1', questionKey: 'q', judgement: 'MATCH' };
    expect(shownData('QuestionJudged', judged, false)).toBe(judged);
    expect(shownJson('QuestionJudged', '{"checkId":"c1"}', false)).toBe('{"checkId":"c1"}');
  });

  it('redacts JSON text the same way', () => {
    expect(JSON.parse(shownJson('AnswerRevised', JSON.stringify(answer), false))).toEqual({ checkId: 'c1', questionKey: 'optimizing_for', memberId: 'ada', sealed: true });
  });

  it('names the check of answer events only', () => {
    expect(answerCheckId('AnswerSubmitted', answer)).toBe('c1');
    expect(answerCheckId('CheckRevealed', { checkId: 'c1' })).toBeNull();
  });
});
