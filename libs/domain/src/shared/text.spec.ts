import { opened } from '../check/check.fixtures';
import { checkDecider } from '../check/decide';
import { propose } from '../decision/decision.fixtures';
import { decisionDecider } from '../decision/decide';
import { disagreementDecider } from '../disagreement/decide';
import { firmDecider } from '../firm/decide';
import { partner, T0, T1 } from '../testing/actors';
import { replay } from './decider';
import { DomainError } from './domain-error';
import { requireText, TEXT_RULES } from './text';

/** The code a call throws with, or 'accepted'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('free text', () => {
  describe('within its rule', () => {
    it.each([
      ['accented and right-to-left', 'Müller & Partner — شركة المحاماة'],
      ['astral, combining and zero-width joined', 'e\u0301 👩🏽‍💼 𝔘𝔫𝔦'],
      ['SQL and JSON, kept as text', `'; DROP TABLE events; -- {"a":1}`],
    ])('is accepted %s, trimmed', (_name, text) => expect(requireText('the name', ` ${text} `, TEXT_RULES.name)).toBe(text));

    it('keeps tabs and line breaks in longer text', () => expect(requireText('the answer', 'one\n\ttwo\r\nthree')).toBe('one\n\ttwo\r\nthree'));

    it.each(Object.entries(TEXT_RULES))('accepts %s up to its limit', (_name, rule) => expect(requireText('it', 'x'.repeat(rule.max), rule)).toHaveLength(rule.max));
  });

  describe('outside its rule', () => {
    it.each(Object.entries(TEXT_RULES))('refuses %s one character over its limit', (_name, rule) =>
      expect(() => requireText('it', 'x'.repeat(rule.max + 1), rule)).toThrow(`at most ${rule.max} are allowed`));

    it.each([
      ['NUL', 'a\u0000b'],
      ['a bell', 'a\u0007b'],
      ['an escape', '\u001b[31mred'],
      ['DEL', 'a\u007fb'],
      ['a C1 control', 'a\u0085b'],
      ['a line separator', 'a\u2028b'],
    ])('refuses %s anywhere', (_name, text) => {
      expect(() => requireText('the answer', text)).toThrow(/contains the control character U\+/);
      expect(() => requireText('the name', text, TEXT_RULES.name)).toThrow(/contains the control character U\+/);
    });

    it.each(['Ann\nSmith', 'Ann\tSmith', 'Ann\rSmith'])('refuses a line break or tab in a name: %j', (text) =>
      expect(() => requireText('the member name', text, TEXT_RULES.name)).toThrow('The member name contains the control character'));

    it.each([
      ['a lone high surrogate', 'a\ud800b'],
      ['a lone low surrogate', 'a\udc00b'],
      ['a high surrogate at the end', 'ab\udbff'],
      ['two low surrogates', '\udfff\udfff'],
    ])('refuses %s as not Unicode', (_name, text) => expect(() => requireText('the topic', text, TEXT_RULES.topic)).toThrow('is not valid Unicode'));

    it('refuses what is not a string as empty', () => {
      for (const value of [undefined, null, 42, {}, ['a']]) expect(() => requireText('the title', value, TEXT_RULES.title)).toThrow('must not be empty');
    });

    it('answers BAD_USER_INPUT naming the field', () => {
      let thrown: unknown;
      try {
        requireText('the rationale', 'x\u0000', TEXT_RULES.rationale);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'the rationale' } });
    });
  });

  describe('in every decider that stores text', () => {
    const found = { type: 'FoundFirm', actor: { kind: 'system' }, now: T0, firmId: 'f1', name: 'Okafor & Lind', kind: 'LAW', founder: { memberId: 'ada', name: 'Ada', tokenHash: 'h' } } as const;
    const foundFirm = (change: object) => outcome(() => firmDecider.decide({ ...found, ...change } as never, firmDecider.initialState()));
    const firm = replay(firmDecider, firmDecider.decide(found as never, firmDecider.initialState()));
    const byAda = { actor: partner('ada'), now: T1 };

    it('limits firm and founder names to 200 characters on one line', () => {
      expect(foundFirm({ name: 'x'.repeat(200) })).toBe('accepted');
      expect(foundFirm({ name: 'x'.repeat(201) })).toBe('BAD_USER_INPUT');
      expect(foundFirm({ name: 'Okafor\nLind' })).toBe('BAD_USER_INPUT');
      expect(foundFirm({ founder: { memberId: 'ada', name: 'A\u0000da', tokenHash: 'h' } })).toBe('BAD_USER_INPUT');
    });

    it('limits member names, question prompts and vague words', () => {
      const decide = (command: object) => outcome(() => firmDecider.decide({ ...byAda, ...command } as never, firm));
      expect(decide({ type: 'AddMember', memberId: 'cy', name: 'y'.repeat(201), role: 'AUDITOR', tokenHash: 'h' })).toBe('BAD_USER_INPUT');
      expect(decide({ type: 'DefineQuestionSet', questions: [{ key: 'pricing', prompt: 'p'.repeat(501) }] })).toBe('BAD_USER_INPUT');
      expect(decide({ type: 'DefineQuestionSet', questions: [{ key: 'pricing', prompt: 'How do we\u0000 price?' }] })).toBe('BAD_USER_INPUT');
      expect(decide({ type: 'DefineVagueWords', words: ['syn\u0007ergy'] })).toBe('BAD_USER_INPUT');
      expect(decide({ type: 'DefineVagueWords', words: ['synergy'] })).toBe('accepted');
    });

    it('limits answers to 2,000 characters of printable text', () => {
      const state = replay(checkDecider, [opened]);
      const answer = (text: string) => outcome(() => checkDecider.decide({ type: 'SubmitAnswer', ...byAda, questionKey: 'client_outcome', text, vagueWords: [] } as never, state));
      expect(answer('Regulatory fines\nand audits')).toBe('accepted');
      expect(answer('Regulatory fines \ud800')).toBe('BAD_USER_INPUT');
      expect(answer('r'.repeat(2001))).toBe('BAD_USER_INPUT');
    });

    it('limits topics to 500 characters on one line, and positions and reasons like answers', () => {
      const raise = { type: 'RaiseDisagreement', ...byAda, disagreementId: 'g1', firmId: 'f1', topic: 'Litigation?', layer: 'VISION', positions: [{ memberId: 'ada', text: 'Never' }], memberIds: ['ada'] };
      const decide = (change: object) => outcome(() => disagreementDecider.decide({ ...raise, ...change } as never, disagreementDecider.initialState()));
      expect(decide({})).toBe('accepted');
      expect(decide({ topic: 't'.repeat(501) })).toBe('BAD_USER_INPUT');
      expect(decide({ topic: 'Litigation?\nReally?' })).toBe('BAD_USER_INPUT');
      expect(decide({ positions: [{ memberId: 'ada', text: 'Never\u001b' }] })).toBe('BAD_USER_INPUT');
    });

    it('limits decision titles to 200 characters and rationales to 20,000', () => {
      const decide = (change: object) => outcome(() => decisionDecider.decide({ ...propose, ...change } as never, decisionDecider.initialState()));
      expect(decide({ rationale: 'r'.repeat(20_000) })).toBe('accepted');
      expect(decide({ rationale: 'r'.repeat(20_001) })).toBe('BAD_USER_INPUT');
      expect(decide({ title: 't'.repeat(201) })).toBe('BAD_USER_INPUT');
      expect(decide({ outcome: 'Predictable\u0000 revenue' })).toBe('BAD_USER_INPUT');
      expect(decide({ alternatives: ['Litigation \udc00'] })).toBe('BAD_USER_INPUT');
    });
  });
});
