import { assertNever } from '../shared/decider';
import type { DecisionEvent, DecisionProposed } from './events';

export type DecisionStatus = 'NONE' | 'PROPOSED' | 'LOCKED' | 'SUPERSEDED';

export interface Endorsement {
  memberId: string;
  at: string;
}

export interface DecisionState {
  status: DecisionStatus;
  decisionId: string;
  firmId: string;
  /** What was proposed; never changes once set. */
  proposal: DecisionProposed['data'] | null;
  /** In endorsement order. */
  endorsements: Endorsement[];
  lockedAt: string | null;
  supersededBy: string | null;
  supersededAt: string | null;
}

export function initialDecisionState(): DecisionState {
  return {
    status: 'NONE',
    decisionId: '',
    firmId: '',
    proposal: null,
    endorsements: [],
    lockedAt: null,
    supersededBy: null,
    supersededAt: null,
  };
}

export function evolveDecision(state: DecisionState, event: DecisionEvent): DecisionState {
  switch (event.type) {
    case 'DecisionProposed':
      return { ...state, status: 'PROPOSED', decisionId: event.data.decisionId, firmId: event.data.firmId, proposal: event.data };
    case 'DecisionEndorsed':
      return { ...state, endorsements: [...state.endorsements, { memberId: event.data.memberId, at: event.data.at }] };
    case 'DecisionLocked':
      return { ...state, status: 'LOCKED', lockedAt: event.data.lockedAt };
    case 'DecisionSuperseded':
      return { ...state, status: 'SUPERSEDED', supersededBy: event.data.supersededBy, supersededAt: event.data.at };
    default:
      return assertNever(event);
  }
}
