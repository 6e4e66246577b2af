import { assertNever } from '../shared/decider';
import type { Layer } from '../shared/vocabulary';
import type { DisagreementEvent, Position } from './events';

export type DisagreementStatus = 'NONE' | 'OPEN' | 'DEFERRED' | 'RESOLVED';

export interface Deferral {
  reason: string;
  deferredBy: string;
  at: string;
}

export interface DisagreementState {
  status: DisagreementStatus;
  disagreementId: string;
  firmId: string;
  topic: string;
  layer: Layer | null;
  positions: Position[];
  raisedAt: string | null;
  checkId: string | null;
  questionKey: string | null;
  /** Every time the conversation was put off, oldest first. */
  deferrals: Deferral[];
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export function initialDisagreementState(): DisagreementState {
  return {
    status: 'NONE',
    disagreementId: '',
    firmId: '',
    topic: '',
    layer: null,
    positions: [],
    raisedAt: null,
    checkId: null,
    questionKey: null,
    deferrals: [],
    resolvedAt: null,
    resolvedBy: null,
  };
}

export function evolveDisagreement(state: DisagreementState, event: DisagreementEvent): DisagreementState {
  switch (event.type) {
    case 'DisagreementRaised': {
      const { disagreementId, firmId, topic, layer, positions, raisedAt, checkId, questionKey } = event.data;
      return {
        ...state,
        status: 'OPEN',
        disagreementId,
        firmId,
        topic,
        layer,
        positions,
        raisedAt,
        checkId: checkId ?? null,
        questionKey: questionKey ?? null,
      };
    }
    case 'DisagreementDeferred': {
      const { reason, deferredBy, at } = event.data;
      return { ...state, status: 'DEFERRED', deferrals: [...state.deferrals, { reason, deferredBy, at }] };
    }
    case 'DisagreementResolved':
      return { ...state, status: 'RESOLVED', resolvedAt: event.data.resolvedAt, resolvedBy: event.data.decisionId };
    default:
      return assertNever(event);
  }
}
