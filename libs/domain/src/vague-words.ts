/*
 * Be specific (DESIGN.md rule 3). The abstract-word list is data, in vague-words.data.json; a firm
 * extends it by passing its own words along with SHARED_VAGUE_WORDS.
 *
 * A listed term matches whole words, case-insensitively, in the words of similarity.ts: so a
 * hyphenated term matches with hyphens or spaces ("client centric"), and "value" never matches
 * inside "valuation". The term's last word also matches its simple plural (+s, +es, y → ies).
 * Where listed terms overlap, the longest one starting at a word wins.
 */
import { STOP_WORDS, words } from './similarity';
import vagueWords from './vague-words.data.json';

/** The shared abstract-word list of vague-words.data.json, lower case. */
export const SHARED_VAGUE_WORDS: readonly string[] = Object.freeze(vagueWords.words.map(normalizeTerm));

/** The listed vague terms in a text, and whether its content words are nothing but such terms. */
export function vagueTermsIn(text: string, list: readonly string[]): { terms: string[]; onlyVague: boolean } {
  const phrases = phrasesOf(list);
  const tokens = words(text);
  const terms: string[] = [];
  let concrete = false;
  let i = 0;
  while (i < tokens.length) {
    const phrase = phrases.find(({ parts }) => matchesAt(tokens, i, parts));
    if (phrase) {
      if (!terms.includes(phrase.term)) terms.push(phrase.term);
      i += phrase.parts.length;
    } else {
      if (!STOP_WORDS.has(tokens[i])) concrete = true;
      i += 1;
    }
  }
  return { terms, onlyVague: terms.length > 0 && !concrete };
}

interface Phrase {
  term: string;
  parts: string[];
}

function normalizeTerm(term: string): string {
  return term.trim().toLowerCase().replace(/\s+/g, ' ');
}

// Longest first; among equally long, the first listed wins (Array.prototype.sort is stable).
function phrasesOf(list: readonly string[]): Phrase[] {
  const seen = new Set<string>();
  const phrases: Phrase[] = [];
  for (const listed of list) {
    const term = normalizeTerm(listed);
    const parts = words(term);
    if (parts.length === 0 || seen.has(term)) continue;
    seen.add(term);
    phrases.push({ term, parts });
  }
  return phrases.sort((a, b) => b.parts.length - a.parts.length);
}

function matchesAt(tokens: readonly string[], start: number, parts: readonly string[]): boolean {
  if (start + parts.length > tokens.length) return false;
  const last = parts.length - 1;
  return parts.every((part, k) =>
    k === last ? isSameOrPlural(tokens[start + k], part) : tokens[start + k] === part,
  );
}

function isSameOrPlural(word: string, singular: string): boolean {
  if (word === singular || word === `${singular}s` || word === `${singular}es`) return true;
  return /[^aeiou]y$/.test(singular) && word === `${singular.slice(0, -1)}ies`;
}
