/*
 * Suggested judgement: how similar are the answers to one question?
 *
 * Each answer is reduced to its set of content terms:
 *   1. words: lower case, runs of letters and digits; a hyphen splits a word ("fixed-fee" is
 *      "fixed" + "fee"), a possessive "'s" is dropped and other apostrophes are removed
 *      ("don't" is "dont");
 *   2. stop words are dropped (the English list of the `stopword` package plus a few
 *      negations and contractions, SUPPLEMENTARY_STOP_WORDS below);
 *   3. each word is stemmed with the Porter stemmer (`@stdlib/nlp-porter-stemmer`), so
 *      "risks" is "risk" and "worrying" is "worri";
 *   4. terms whose stem occurs in the question's prompt are dropped: every answer to "what do
 *      clients stop worrying about?" says "clients stop worrying", which is not its content.
 *
 * Two answers are compared with the Sørensen–Dice coefficient of their term sets,
 * 2·|A ∩ B| / (|A| + |B|): the share of terms the answers have in common, between 0 and 1.
 * With more than two answers the similarity is the minimum over all pairs, because a question
 * matches only if everyone agrees. It is rounded to 3 decimals, and Accord suggests MATCH when
 * that rounded similarity is at least MATCH_THRESHOLD = 0.8: a re-worded answer may add one
 * term to two shared ones (2·2 / (2+3) = 0.8), but swapping one term in four ("growth" for
 * "profitability" of the tax advisory practice, 2·3 / (4+4) = 0.75) is a different answer.
 *
 * An answer with no content terms (only prompt and stop words) shares nothing with any
 * answer, and fewer than two answers leave nothing to agree on: both give similarity 0 and a
 * suggested MISMATCH, so an empty agreement is talked through rather than recorded as one.
 * The measure sees shared words, not shared meaning ("retaining our clients" and "client
 * retention" stem differently); it only suggests, and a person records the judgement.
 */
import porterStemmer from '@stdlib/nlp-porter-stemmer';
import { eng as englishStopWords } from 'stopword';
import type { Judgement } from './shared/vocabulary';

/** The rounded similarity at or above which Accord suggests MATCH. */
export const MATCH_THRESHOLD = 0.8;

/** Negations and contractions (after apostrophe removal) that the `stopword` list lacks. */
const SUPPLEMENTARY_STOP_WORDS = [
  'no', 'not', 'nor', 'us', 'its', 'ours', 'ourselves', 'themselves', 'itself', 'will', 'shall',
  'may', 'does', 'doing', 'done', 'so', 'just', 'yet', 'dont', 'doesnt', 'didnt', 'wont', 'cant',
  'isnt', 'arent', 'whom', 'why',
];

/** English words that carry no content of their own. */
export const STOP_WORDS: ReadonlySet<string> = new Set([...englishStopWords, ...SUPPLEMENTARY_STOP_WORDS]);

// A word may join runs of letters and digits with apostrophes and hyphens (ASCII or Unicode).
const WORD = /[\p{L}\p{N}]+(?:['’‐‑-][\p{L}\p{N}]+)*/gu;

/** The lower-case words of a text, hyphenated words split into their parts, in order. */
export function words(text: string): string[] {
  const result: string[] = [];
  for (const [token] of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    const unquoted = token.replace(/’/g, "'").replace(/'s$/, '').replace(/'/g, '');
    result.push(...unquoted.split(/[‐‑-]/));
  }
  return result;
}

/** The sorted, unique stems of a text's words that are neither stop words nor in the prompt. */
export function contentTerms(text: string, prompt: string): string[] {
  return termsOf(text, promptStems(prompt));
}

/** Sørensen–Dice coefficient of two term sets; 0 when either is empty. */
export function diceSimilarity(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const term of left) if (right.has(term)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

/** The similarity of the answers to one question (minimum over pairs) and the judgement it suggests. */
export function suggestJudgement(
  prompt: string,
  answers: readonly string[],
): { similarity: number; suggestedJudgement: Judgement } {
  const stems = promptStems(prompt);
  const termSets = answers.map((answer) => termsOf(answer, stems));
  let lowest = termSets.length < 2 ? 0 : 1;
  for (let i = 0; i < termSets.length; i += 1) {
    for (let j = i + 1; j < termSets.length; j += 1) {
      lowest = Math.min(lowest, diceSimilarity(termSets[i], termSets[j]));
    }
  }
  const similarity = Math.round(lowest * 1000) / 1000;
  return { similarity, suggestedJudgement: similarity >= MATCH_THRESHOLD ? 'MATCH' : 'MISMATCH' };
}

function promptStems(prompt: string): ReadonlySet<string> {
  return new Set(words(prompt).map(porterStemmer));
}

function termsOf(text: string, excluded: ReadonlySet<string>): string[] {
  const terms = new Set<string>();
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    const term = porterStemmer(word);
    if (!excluded.has(term)) terms.add(term);
  }
  return [...terms].sort();
}
