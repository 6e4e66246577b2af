import { actorId } from '../shared/command-meta';
import { assertNever, type Decider } from '../shared/decider';
import { badInput, DomainError, forbidden, invalidState } from '../shared/domain-error';
import type { DecisionCommand, EndorseDecision, ReassessLock, SupersedeDecision } from './commands';
import type { DecisionEvent } from './events';
import { proposeDecision } from './propose-decision';
import { type DecisionState, evolveDecision, initialDecisionState } from './state';

export function decideDecision(command: DecisionCommand, state: DecisionState): DecisionEvent[] {
  if (command.type === 'ProposeDecision') return proposeDecision(command, state);
  if (state.status === 'NONE') throw new DomainError('NOT_FOUND', 'This decision does not exist.');
  switch (command.type) {
    case 'EndorseDecision':
      return endorseDecision(command, state);
    case 'SupersedeDecision':
      return supersedeDecision(command, state);
    case 'ReassessLock':
      return reassessLock(command, state);
    default:
      return assertNever(command);
  }
}

/** Each active partner endorses once; the endorsement that completes the set also locks the decision. */
function endorseDecision(command: EndorseDecision, state: DecisionState): DecisionEvent[] {
  const { actor } = command;
  if (actor.kind === 'member' && actor.role === 'FACILITATOR') throw forbidden('Facilitators do not endorse decisions.');
  if (actor.kind !== 'member' || actor.role !== 'PARTNER') throw forbidden('Only partners endorse decisions.');
  if (!command.activePartnerIds.includes(actor.memberId)) {
    throw forbidden('Only active partners of the firm endorse its decisions.');
  }
  if (state.status === 'LOCKED') throw invalidState(`Decision ${state.decisionId} is already locked.`);
  if (state.status === 'SUPERSEDED') {
    throw invalidState(`Decision ${state.decisionId} was superseded by decision ${state.supersededBy}; propose a new decision.`);
  }
  if (state.endorsements.some(({ memberId }) => memberId === actor.memberId)) {
    throw invalidState(`You already endorsed decision ${state.decisionId}.`);
  }
  const endorsedBy = [...state.endorsements.map(({ memberId }) => memberId), actor.memberId];
  const endorsed: DecisionEvent = {
    type: 'DecisionEndorsed',
    data: { decisionId: state.decisionId, memberId: actorId(actor), at: command.now },
  };
  if (!command.activePartnerIds.every((id) => endorsedBy.includes(id))) return [endorsed];
  return [endorsed, locked(state, command.now, endorsedBy)];
}

/** A proposal whose endorsements already cover every active partner locks without a new endorsement. */
function reassessLock(command: ReassessLock, state: DecisionState): DecisionEvent[] {
  if (command.actor.kind !== 'system') throw forbidden('A decision locks with the endorsement of every active partner.');
  if (state.status !== 'PROPOSED') return [];
  const endorsedBy = state.endorsements.map(({ memberId }) => memberId);
  if (endorsedBy.length === 0 || !command.activePartnerIds.every((id) => endorsedBy.includes(id))) return [];
  return [locked(state, command.now, endorsedBy)];
}

function locked(state: DecisionState, now: string, endorsedBy: string[]): DecisionEvent {
  const proposal = state.proposal!;
  return {
    type: 'DecisionLocked',
    data: {
      decisionId: state.decisionId,
      firmId: state.firmId,
      lockedAt: now,
      endorsedBy,
      questionKey: proposal.questionKey,
      resolves: proposal.resolves,
      supersedes: proposal.supersedes,
    },
  };
}

/** Sent by the system when a newer decision naming this one locks; the same supersession again decides nothing. */
function supersedeDecision(command: SupersedeDecision, state: DecisionState): DecisionEvent[] {
  if (command.actor.kind !== 'system') throw forbidden('A decision is superseded only by locking a newer decision.');
  if (command.supersededBy === state.decisionId) throw badInput('A decision cannot supersede itself.');
  if (state.status === 'PROPOSED') {
    throw invalidState(`Decision ${state.decisionId} is not locked yet; only a locked decision can be superseded.`);
  }
  if (state.status === 'SUPERSEDED') {
    if (state.supersededBy === command.supersededBy) return [];
    throw invalidState(`Decision ${state.decisionId} was already superseded by decision ${state.supersededBy}.`);
  }
  return [
    {
      type: 'DecisionSuperseded',
      data: { decisionId: state.decisionId, supersededBy: command.supersededBy, at: command.now },
    },
  ];
}

export const decisionDecider: Decider<DecisionCommand, DecisionEvent, DecisionState> = {
  decide: decideDecision,
  evolve: evolveDecision,
  initialState: initialDecisionState,
};
