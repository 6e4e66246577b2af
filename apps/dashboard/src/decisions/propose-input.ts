import type { Layer } from '../ui/vocabulary';

/** What the propose form holds, as typed. */
export interface ProposeFields {
  title: string;
  outcome: string;
  chosenAnswer: string;
  /** One rejected alternative per line. */
  alternatives: string;
  rationale: string;
  layer: Layer | '';
  questionKey: string;
  resolves: string[];
  supersedes: string;
}

export type ProposeField = keyof ProposeFields;

export const EMPTY_FIELDS: ProposeFields = {
  title: '',
  outcome: '',
  chosenAnswer: '',
  alternatives: '',
  rationale: '',
  layer: '',
  questionKey: '',
  resolves: [],
  supersedes: '',
};

/** The `ProposeDecisionInput` for the fields: blank lines dropped, optional choices left out when not made. */
export function proposeInput(fields: ProposeFields & { layer: Layer }): Record<string, unknown> {
  return {
    title: fields.title,
    outcome: fields.outcome,
    chosenAnswer: fields.chosenAnswer,
    alternatives: fields.alternatives
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    rationale: fields.rationale,
    layer: fields.layer,
    questionKey: fields.questionKey || null,
    resolves: fields.resolves,
    supersedes: fields.supersedes || null,
  };
}

/**
 * The form field a BAD_USER_INPUT error is about, from its extensions: the domain names the field
 * in words (`field: "the chosen answer"`, `"rejected alternative 2"`) or by key (`questionKey`).
 */
export function fieldOfError(extensions: Record<string, unknown>): ProposeField | undefined {
  if ('questionKey' in extensions) return 'questionKey';
  const field = typeof extensions.field === 'string' ? extensions.field : '';
  if (field.startsWith('rejected alternative')) return 'alternatives';
  const byWords: Record<string, ProposeField> = {
    'the title': 'title',
    outcome: 'outcome',
    'the outcome': 'outcome',
    'the chosen answer': 'chosenAnswer',
    'the rationale': 'rationale',
    'the layer': 'layer',
  };
  return byWords[field];
}
