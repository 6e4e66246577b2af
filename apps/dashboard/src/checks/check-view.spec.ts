import { answeredStates, checkActions, judgedCount, suggestionText, vagueTermsOf } from './check-view';

describe('checkActions', () => {
  it('lets a participating partner answer and reveal an open check, but not judge or close it', () => {
    expect(checkActions('PARTNER', 'OPEN', true)).toEqual({ answer: true, reveal: true, judge: false, close: false });
  });

  it('never lets a facilitator answer, but lets them run the check', () => {
    expect(checkActions('FACILITATOR', 'OPEN', false)).toEqual({ answer: false, reveal: true, judge: false, close: false });
    expect(checkActions('FACILITATOR', 'REVEALED', false)).toEqual({ answer: false, reveal: false, judge: true, close: true });
  });

  it('keeps a partner who is not a participant from answering', () => {
    expect(checkActions('PARTNER', 'OPEN', false).answer).toBe(false);
  });

  it.each(['AUDITOR', 'VIEWER'] as const)('gives %s nothing to do at any status', (role) => {
    for (const status of ['OPEN', 'REVEALED', 'CLOSED'] as const) {
      expect(checkActions(role, status, true)).toEqual({ answer: false, reveal: false, judge: false, close: false });
    }
  });

  it('offers nothing once the check is closed', () => {
    expect(checkActions('PARTNER', 'CLOSED', true)).toEqual({ answer: false, reveal: false, judge: false, close: false });
  });
});

describe('judgedCount', () => {
  it('counts the questions that carry a judgement', () => {
    expect(judgedCount([{ judgement: 'MATCH' }, { judgement: null }, { judgement: 'MISMATCH' }])).toBe(2);
  });
});

describe('vagueTermsOf', () => {
  it('reads the words of a VAGUE_ANSWER error', () => {
    expect(vagueTermsOf({ code: 'VAGUE_ANSWER', vagueTerms: ['excellence', 'quality'] })).toEqual(['excellence', 'quality']);
  });

  it('is empty when the extension is missing or malformed', () => {
    expect(vagueTermsOf({ code: 'VAGUE_ANSWER' })).toEqual([]);
    expect(vagueTermsOf({ vagueTerms: 'excellence' })).toEqual([]);
    expect(vagueTermsOf({ vagueTerms: ['value', 3] })).toEqual(['value']);
  });
});

describe('suggestionText', () => {
  it('shows the suggestion with its similarity to two decimals', () => {
    expect(suggestionText({ suggestedJudgement: 'MATCH', similarity: 0.8166 })).toBe('Suggested: MATCH (similarity 0.82)');
  });

  it('says nothing before the reveal', () => {
    expect(suggestionText({ suggestedJudgement: null, similarity: null })).toBeUndefined();
  });
});

describe('answeredStates', () => {
  it('lists every participant in order with whether they answered', () => {
    const ada = { id: 'a', name: 'Ada' };
    const ben = { id: 'b', name: 'Ben' };
    expect(answeredStates([ada, ben], [{ id: 'b' }])).toEqual([
      { member: ada, answered: false },
      { member: ben, answered: true },
    ]);
  });
});
