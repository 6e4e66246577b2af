import type { DomainEvent } from '../shared/decider';
import type { DriftKind } from '../shared/vocabulary';

/** Its GraphQL id is the event id, which the drift process manager derives from the cause. */
export type DriftDetected = DomainEvent<
  'DriftDetected',
  {
    firmId: string;
    kind: DriftKind;
    detectedAt: string;
    checkId: string | null;
    questionKey: string | null;
    decisionId: string | null;
    previousScore: number | null;
    score: number | null;
    /** For CHECK_OVERDUE: the due date that passed (one drift per missed due date). */
    dueAt: string | null;
  }
>;

export type DriftEvent = DriftDetected;

export const driftStream = (firmId: string) => `drift-${firmId}`;
