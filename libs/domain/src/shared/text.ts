import { badInput } from './domain-error';

/** How long a piece of free text may be (in UTF-16 code units, as JavaScript counts) and whether it may break lines. */
export interface TextRule {
  max: number;
  multiline: boolean;
}

/**
 * Limits no real firm reaches, so that a hostile or broken client cannot fill the log. A disagreement
 * raised from a check takes the question's prompt as its topic and the answers as its positions, so
 * `topic` admits every prompt and `text` every answer.
 */
export const TEXT_RULES = {
  /** Firm, founder and member names. */
  name: { max: 200, multiline: false },
  /** Decision titles. */
  title: { max: 200, multiline: false },
  /** Question prompts. */
  prompt: { max: 500, multiline: false },
  /** Disagreement topics. */
  topic: { max: 500, multiline: false },
  /** Answers, positions, outcomes, chosen answers, rejected alternatives, reasons for deferring. */
  text: { max: 2000, multiline: true },
  /** A decision's rationale. */
  rationale: { max: 20_000, multiline: true },
} as const satisfies Record<string, TextRule>;

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The same, less tab, line feed and carriage return. */
const CONTROL_IN_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one: not Unicode text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const codePoint = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Trims free text and refuses it empty, longer than the rule allows, or holding what is not printable text; `label` names it in the message. */
export function requireText(label: string, value: unknown, rule: TextRule = TEXT_RULES.text): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw badInput(`${capitalized(label)} must not be empty.`, { field: label });
  if (text.length > rule.max) {
    throw badInput(`${capitalized(label)} is ${text.length} characters long; at most ${rule.max} are allowed.`, { field: label });
  }
  requirePrintable(label, text, rule.multiline);
  return text;
}

/** Text the log already holds (a prompt, an answer) carried into a new event: trimmed and not empty, as it was when it was accepted. */
export function requireRecordedText(label: string, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw badInput(`${capitalized(label)} must not be empty.`, { field: label });
  return text;
}

/** Refuses control characters (line breaks and tabs too, unless `multiline`) and unpaired surrogates. */
export function requirePrintable(label: string, text: string, multiline: boolean): void {
  const problem = unprintable(text, multiline);
  if (problem) throw badInput(`${capitalized(label)} ${problem}.`, { field: label });
}

/** What makes `text` not printable (e.g. "contains the control character U+0000 at position 3"), or undefined. */
export function unprintable(text: string, multiline: boolean): string | undefined {
  const control = (multiline ? CONTROL_IN_MULTILINE : CONTROL).exec(text);
  if (control) {
    const allowed = multiline ? 'only tabs and line breaks are allowed' : 'it must be a single line';
    return `contains the control character ${codePoint(control[0])} at position ${control.index}; ${allowed}`;
  }
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return `is not valid Unicode: an unpaired surrogate ${codePoint(surrogate[0])} at position ${surrogate.index}`;
  return undefined;
}
