/** The fixed vocabularies of DESIGN.md, as string unions shared by the domain and the API. */
export const ROLES = ['PARTNER', 'FACILITATOR', 'AUDITOR', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export const FIRM_KINDS = ['LAW', 'CONSULTING', 'AGENCY', 'ACCOUNTING', 'OTHER'] as const;
export type FirmKind = (typeof FIRM_KINDS)[number];

/** Layers of a firm, highest first; a fracture high up cascades through every layer below. */
export const LAYERS = ['VISION', 'PEOPLE', 'PROCESS', 'TECHNOLOGY'] as const;
export type Layer = (typeof LAYERS)[number];

export const JUDGEMENTS = ['MATCH', 'MISMATCH'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

export const VERDICTS = ['ALIGNED', 'FRICTION', 'FRACTURE', 'SPLIT'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const DRIFT_KINDS = ['SCORE_DROP', 'DEFINITION_DRIFT', 'CHECK_OVERDUE'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface Question {
  key: string;
  prompt: string;
}

/** The standard three questions of the alignment check. */
export const STANDARD_QUESTIONS: readonly Question[] = [
  { key: 'client_outcome', prompt: 'When we do our job well, what do clients stop worrying about?' },
  { key: 'optimizing_for', prompt: 'What are we optimizing for this year?' },
  { key: 'refuse_to_do', prompt: 'What do we refuse to do?' },
];

export const DEFAULT_CADENCE_DAYS = 90;

/** Longest accepted answer, position, outcome or reason (TEXT_RULES.text in text.ts, which has every limit). */
export const MAX_TEXT_LENGTH = 2000;
