import { STANDARD_QUESTIONS } from './shared/vocabulary';
import { MATCH_THRESHOLD, contentTerms, diceSimilarity, suggestJudgement, words } from './similarity';

const promptOf = (key: string) => {
  const question = STANDARD_QUESTIONS.find((q) => q.key === key);
  if (!question) throw new Error(`no standard question ${key}`);
  return question.prompt;
};
const CLIENT_OUTCOME = promptOf('client_outcome');
const OPTIMIZING_FOR = promptOf('optimizing_for');
const REFUSE_TO_DO = promptOf('refuse_to_do');

describe('similarity', () => {
  describe('when answers name different things', () => {
    it('suggests MISMATCH for compliance risk against missing strategic opportunities', () => {
      const result = suggestJudgement(CLIENT_OUTCOME, [
        'Clients stop worrying about compliance risk',
        'Clients stop worrying about missing strategic opportunities',
      ]);
      expect(result).toEqual({ similarity: 0, suggestedJudgement: 'MISMATCH' });
    });

    it('suggests MISMATCH for closing more deals against improving client retention', () => {
      const result = suggestJudgement(OPTIMIZING_FOR, ['Close more deals', 'Improve client retention']);
      expect(result).toEqual({ similarity: 0, suggestedJudgement: 'MISMATCH' });
    });

    it('suggests MISMATCH when one term in four differs (growth against profitability)', () => {
      const result = suggestJudgement(OPTIMIZING_FOR, [
        'Growth of our tax advisory practice',
        'Profitability of our tax advisory practice',
      ]);
      expect(result).toEqual({ similarity: 0.75, suggestedJudgement: 'MISMATCH' });
    });
  });

  describe('when answers are identical', () => {
    it('suggests MATCH with similarity 1', () => {
      const answer = 'Clients stop worrying about compliance risk';
      const result = suggestJudgement(CLIENT_OUTCOME, [answer, answer]);
      expect(result).toEqual({ similarity: 1, suggestedJudgement: 'MATCH' });
    });
  });

  describe('when answers say the same thing in other words', () => {
    it('matches "no longer worry about their compliance risks" with "stop worrying about compliance risk"', () => {
      const result = suggestJudgement(CLIENT_OUTCOME, [
        'Clients stop worrying about compliance risk',
        'Our clients no longer worry about their compliance risks',
      ]);
      expect(result).toEqual({ similarity: 0.8, suggestedJudgement: 'MATCH' });
    });

    it('matches a reordered succession-planning answer', () => {
      const result = suggestJudgement(CLIENT_OUTCOME, [
        'Clients stop worrying about succession planning for their family business',
        'Our clients no longer worry about planning the succession of the family business',
      ]);
      expect(result).toEqual({ similarity: 0.889, suggestedJudgement: 'MATCH' });
    });

    it('matches "fixed-fee litigation" written with or without the hyphen and the prompt words', () => {
      const result = suggestJudgement(REFUSE_TO_DO, ['We refuse to do fixed-fee litigation.', 'Fixed fee litigation']);
      expect(result).toEqual({ similarity: 1, suggestedJudgement: 'MATCH' });
    });

    it('matches "recurring advisory revenue" with "more recurring revenue from advising"', () => {
      const result = suggestJudgement(OPTIMIZING_FOR, [
        'Recurring advisory revenue from family businesses',
        'More recurring revenue from advising family businesses this year',
      ]);
      expect(result).toEqual({ similarity: 0.8, suggestedJudgement: 'MATCH' });
    });
  });

  describe('when the same meaning shares no stems', () => {
    it('leaves "retaining our existing clients" against "client retention" a MISMATCH for a person to judge', () => {
      const result = suggestJudgement(OPTIMIZING_FOR, ['Retaining our existing clients', 'Improve client retention']);
      expect(result).toEqual({ similarity: 0.333, suggestedJudgement: 'MISMATCH' });
    });
  });

  describe('when more than two partners answered', () => {
    it('takes the least similar pair, so one dissenter makes a MISMATCH', () => {
      const result = suggestJudgement(CLIENT_OUTCOME, [
        'Compliance risk',
        'Compliance risk',
        'Missing strategic opportunities',
      ]);
      expect(result).toEqual({ similarity: 0, suggestedJudgement: 'MISMATCH' });
    });

    it('matches when every pair matches', () => {
      const result = suggestJudgement(REFUSE_TO_DO, [
        'Fixed-fee litigation',
        'We refuse fixed fee litigation',
        "We don't do fixed-fee litigation",
      ]);
      expect(result).toEqual({ similarity: 1, suggestedJudgement: 'MATCH' });
    });
  });

  describe('when answers differ only in case and punctuation', () => {
    it('treats them as identical', () => {
      const result = suggestJudgement(CLIENT_OUTCOME, [
        'COMPLIANCE RISK!!!',
        '...compliance, risk?',
      ]);
      expect(result).toEqual({ similarity: 1, suggestedJudgement: 'MATCH' });
    });
  });

  describe('when computed repeatedly or in another order', () => {
    const answers = ['Higher margins on advisory work', 'Improving our advisory margins'];

    it('gives the same result every time', () => {
      const first = suggestJudgement(OPTIMIZING_FOR, answers);
      for (let i = 0; i < 5; i += 1) expect(suggestJudgement(OPTIMIZING_FOR, answers)).toEqual(first);
    });

    it('is symmetric', () => {
      const reversed = suggestJudgement(OPTIMIZING_FOR, [...answers].reverse());
      expect(reversed).toEqual(suggestJudgement(OPTIMIZING_FOR, answers));
      expect(reversed).toEqual({ similarity: 0.571, suggestedJudgement: 'MISMATCH' });
    });
  });

  describe('for any answers', () => {
    const samples = [
      'Clients stop worrying about compliance risk',
      'Missing strategic opportunities',
      'compliance',
      '',
      'Clients stop worrying',
      'Risk, risk and more risk',
      'Über-complex cross-border VAT filings',
    ];

    it('stays between 0 and 1 with at most 3 decimals', () => {
      for (const a of samples) {
        for (const b of samples) {
          const { similarity } = suggestJudgement(CLIENT_OUTCOME, [a, b]);
          expect(similarity).toBeGreaterThanOrEqual(0);
          expect(similarity).toBeLessThanOrEqual(1);
          expect(Math.round(similarity * 1000) / 1000).toBe(similarity);
        }
      }
    });
  });

  describe('when an answer has no content beyond the prompt and stop words', () => {
    it('gives 0 and MISMATCH against a real answer, not NaN', () => {
      const result = suggestJudgement(CLIENT_OUTCOME, ['Clients stop worrying about', 'Compliance risk']);
      expect(result).toEqual({ similarity: 0, suggestedJudgement: 'MISMATCH' });
    });

    it('gives 0 and MISMATCH even when both are equally empty', () => {
      const result = suggestJudgement(CLIENT_OUTCOME, ['Clients stop worrying about it.', 'clients stop worrying']);
      expect(result).toEqual({ similarity: 0, suggestedJudgement: 'MISMATCH' });
    });
  });

  describe('when fewer than two answers were given', () => {
    it('suggests MISMATCH for one answer', () => {
      const result = suggestJudgement(REFUSE_TO_DO, ['Fixed-fee litigation']);
      expect(result).toEqual({ similarity: 0, suggestedJudgement: 'MISMATCH' });
    });

    it('suggests MISMATCH for none', () => {
      expect(suggestJudgement(REFUSE_TO_DO, [])).toEqual({ similarity: 0, suggestedJudgement: 'MISMATCH' });
    });
  });

  describe('the threshold', () => {
    it('is 0.8', () => {
      expect(MATCH_THRESHOLD).toBe(0.8);
    });
  });

  describe('words', () => {
    it('splits hyphenated words, drops possessives and joins contractions', () => {
      expect(words("The client's best-in-class VAT don't O’Brien")).toEqual([
        'the', 'client', 'best', 'in', 'class', 'vat', 'dont', 'obrien',
      ]);
    });

    it('keeps digits and letters of any alphabet', () => {
      expect(words('Top 10 Zürich clients, 2025')).toEqual(['top', '10', 'zürich', 'clients', '2025']);
    });
  });

  describe('contentTerms', () => {
    it('drops the prompt words and stop words and stems what is left', () => {
      expect(contentTerms('Our clients no longer worry about their compliance risks', CLIENT_OUTCOME)).toEqual([
        'complianc', 'longer', 'risk',
      ]);
    });
  });

  describe('diceSimilarity', () => {
    it('counts shared terms over both sets', () => {
      expect(diceSimilarity(['a', 'b'], ['a', 'b', 'c'])).toBe(0.8);
    });

    it('gives 0 when either set is empty', () => {
      expect(diceSimilarity([], [])).toBe(0);
      expect(diceSimilarity(['a'], [])).toBe(0);
    });
  });
});
