import { badInput } from '../shared/domain-error';
import { requireText, TEXT_RULES } from '../shared/text';
import type { Question } from '../shared/vocabulary';

export { requireText } from '../shared/text';

/** Longest question set a check or firm may define. */
export const MAX_QUESTIONS = 12;
export const QUESTION_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Refuses a value outside a fixed vocabulary (roles, kinds, layers, judgements). */
export function requireOneOf<T extends string>(label: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw badInput(`${capitalized(label)} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`, {
    field: label,
  });
}

/** A question set: 1..12 questions, unique keys of lower-case letters, digits and `_`, non-empty prompts. */
export function validateQuestions(questions: readonly Question[] | undefined): Question[] {
  if (!Array.isArray(questions) || questions.length < 1 || questions.length > MAX_QUESTIONS) {
    throw badInput(`A question set needs between 1 and ${MAX_QUESTIONS} questions; got ${questions?.length ?? 0}.`);
  }
  const seen = new Set<string>();
  return questions.map(({ key, prompt }) => {
    if (typeof key !== 'string' || !QUESTION_KEY_PATTERN.test(key)) {
      throw badInput(
        `The question key ${JSON.stringify(key)} is not valid: ` +
          'use 1 to 40 lower-case letters, digits or underscores, starting with a letter.',
        { key },
      );
    }
    if (seen.has(key)) throw badInput(`The question key "${key}" appears more than once.`, { key });
    seen.add(key);
    return { key, prompt: requireText(`the prompt of question "${key}"`, prompt, TEXT_RULES.prompt) };
  });
}
