import { assertNever } from '../shared/decider';
import type { DriftDetected, DriftEvent } from './events';

export interface DriftState {
  firmId: string | null;
  /** The causes already recorded (see `driftCause`), so each is recorded exactly once. */
  causes: readonly string[];
}

export function initialDriftState(): DriftState {
  return { firmId: null, causes: [] };
}

/**
 * The identity of a drift's cause:
 * `SCORE_DROP:<checkId>`, `DEFINITION_DRIFT:<checkId>:<questionKey>` or `CHECK_OVERDUE:<dueAt>`.
 */
export function driftCause(data: Pick<DriftDetected['data'], 'kind' | 'checkId' | 'questionKey' | 'dueAt'>): string {
  switch (data.kind) {
    case 'SCORE_DROP':
      return `SCORE_DROP:${data.checkId}`;
    case 'DEFINITION_DRIFT':
      return `DEFINITION_DRIFT:${data.checkId}:${data.questionKey}`;
    case 'CHECK_OVERDUE':
      return `CHECK_OVERDUE:${data.dueAt}`;
    default:
      return assertNever(data.kind);
  }
}

export function evolveDrift(state: DriftState, event: DriftEvent): DriftState {
  switch (event.type) {
    case 'DriftDetected':
      return { firmId: event.data.firmId, causes: [...state.causes, driftCause(event.data)] };
    default:
      return assertNever(event.type);
  }
}
