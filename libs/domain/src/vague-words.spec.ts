import { SHARED_VAGUE_WORDS, vagueTermsIn } from './vague-words';

const inShared = (text: string) => vagueTermsIn(text, SHARED_VAGUE_WORDS);

describe('vague words', () => {
  describe('the shared list', () => {
    it('holds 30 to 60 unique lower-case terms', () => {
      expect(SHARED_VAGUE_WORDS.length).toBeGreaterThanOrEqual(30);
      expect(SHARED_VAGUE_WORDS.length).toBeLessThanOrEqual(60);
      expect(new Set(SHARED_VAGUE_WORDS).size).toBe(SHARED_VAGUE_WORDS.length);
      for (const word of SHARED_VAGUE_WORDS) expect(word).toBe(word.toLowerCase());
    });

    it('includes the words of the design and hyphenated terms', () => {
      expect(SHARED_VAGUE_WORDS).toEqual(
        expect.arrayContaining(['excellence', 'quality', 'value', 'innovation', 'best-in-class', 'client-centric']),
      );
    });

    it('cannot be changed by a caller', () => {
      expect(() => (SHARED_VAGUE_WORDS as string[]).push('growth')).toThrow(TypeError);
    });
  });

  describe('when an answer is made only of abstract words', () => {
    it('is only vague and names the words in order', () => {
      expect(inShared('Excellence and quality')).toEqual({ terms: ['excellence', 'quality'], onlyVague: true });
    });

    it('is only vague with hyphenated terms and stop words around them', () => {
      expect(inShared('We are best-in-class and client-centric.')).toEqual({
        terms: ['best-in-class', 'client-centric'],
        onlyVague: true,
      });
    });
  });

  describe('when an answer contains some abstract words among concrete ones', () => {
    it('names them but is not only vague', () => {
      expect(inShared('Quality tax advice for family businesses')).toEqual({ terms: ['quality'], onlyVague: false });
    });
  });

  describe('when an answer has no abstract words', () => {
    it('names none', () => {
      expect(inShared('We refuse to do fixed-fee litigation')).toEqual({ terms: [], onlyVague: false });
    });

    it('is not only vague when it is empty', () => {
      expect(inShared('')).toEqual({ terms: [], onlyVague: false });
    });
  });

  describe('when a hyphenated term is written with spaces', () => {
    it('matches it as the listed term', () => {
      expect(inShared('Client centric, World Class service')).toEqual({
        terms: ['client-centric', 'world-class'],
        onlyVague: false,
      });
    });
  });

  describe('when a listed word is part of a longer word', () => {
    it('does not match "value" inside "valuation" or "success" inside "succession"', () => {
      expect(inShared('Business valuation and succession planning')).toEqual({ terms: [], onlyVague: false });
    });
  });

  describe('when a listed word is plural or repeated', () => {
    it('names it once, in its listed form', () => {
      expect(inShared('Values, VALUE and more values')).toEqual({ terms: ['value'], onlyVague: true });
    });

    it('matches plurals in -es and -ies', () => {
      expect(inShared('Successes and synergies')).toEqual({ terms: ['success', 'synergy'], onlyVague: true });
    });
  });

  describe('when listed terms overlap', () => {
    it('takes the longest term starting at a word', () => {
      expect(vagueTermsIn('Value-added services', ['value', 'value-added'])).toEqual({
        terms: ['value-added'],
        onlyVague: false,
      });
    });
  });

  describe('when a firm extends the list', () => {
    it('finds the firm words too, in any case and spacing', () => {
      const firmWords = [...SHARED_VAGUE_WORDS, '  Growth ', 'Big Law'];
      expect(vagueTermsIn('Growth and big-law excellence', firmWords)).toEqual({
        terms: ['growth', 'big law', 'excellence'],
        onlyVague: true,
      });
    });

    it('does not find them with the shared list alone', () => {
      expect(inShared('Growth')).toEqual({ terms: [], onlyVague: false });
    });
  });
});
