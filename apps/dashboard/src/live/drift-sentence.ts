import { formatDate } from '../ui/format';

export type DriftKind = 'SCORE_DROP' | 'DEFINITION_DRIFT' | 'CHECK_OVERDUE';

/** A drift as `driftEvents` and `driftDetected` return it. */
export interface Drift {
  id: string;
  kind: DriftKind;
  position: number;
  detectedAt: string;
  checkId: string | null;
  decisionId: string | null;
  questionKey: string | null;
  previousScore: number | null;
  score: number | null;
  dueAt: string | null;
}

export const DRIFT_FIELDS = 'id kind position detectedAt checkId decisionId questionKey previousScore score dueAt';

const TITLES: Record<DriftKind, string> = {
  SCORE_DROP: 'Alignment dropped',
  DEFINITION_DRIFT: 'A definition drifted',
  CHECK_OVERDUE: 'A check is overdue',
};

export function driftTitle(drift: Pick<Drift, 'kind'>): string {
  return TITLES[drift.kind] ?? 'Drift';
}

/** One plain sentence per drift, for the toast and the Live page's list. */
export function driftSentence(drift: Drift): string {
  switch (drift.kind) {
    case 'SCORE_DROP':
      return `Alignment fell from ${drift.previousScore ?? '?'} to ${drift.score ?? '?'}.`;
    case 'DEFINITION_DRIFT':
      return `Answers to ${drift.questionKey ?? 'a question'} drifted from decision ${shortId(drift.decisionId)}.`;
    case 'CHECK_OVERDUE':
      return `The alignment check due ${formatDate(drift.dueAt)} was not held.`;
    default:
      return 'The firm drifted.';
  }
}

/** Ids are long; the first 8 characters tell decisions apart on a page. */
export function shortId(id: string | null): string {
  return id ? id.slice(0, 8) : '(unknown)';
}
