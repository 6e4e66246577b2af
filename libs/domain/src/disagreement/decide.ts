import { type Actor, actorId } from '../shared/command-meta';
import { assertNever, type Decider } from '../shared/decider';
import { badInput, DomainError, forbidden, invalidState } from '../shared/domain-error';
import { LAYERS } from '../shared/vocabulary';
import { requireOneOf } from '../firm/validation';
import { requireRecordedText, requireText, TEXT_RULES } from '../shared/text';
import type { DeferDisagreement, DisagreementCommand, RaiseDisagreement, ResolveDisagreement } from './commands';
import type { DisagreementEvent, Position } from './events';
import { type DisagreementState, evolveDisagreement, initialDisagreementState } from './state';

export function decideDisagreement(command: DisagreementCommand, state: DisagreementState): DisagreementEvent[] {
  if (command.type === 'RaiseDisagreement') return raise(command, state);
  if (state.status === 'NONE') throw new DomainError('NOT_FOUND', 'This disagreement does not exist.');
  switch (command.type) {
    case 'DeferDisagreement':
      return defer(command, state);
    case 'ResolveDisagreement':
      return resolve(command, state);
    default:
      return assertNever(command);
  }
}

/** Partners and facilitators raise and defer disagreements by hand. */
function requirePartnerOrFacilitator(actor: Actor, doing: string): void {
  if (actor.kind === 'member' && (actor.role === 'PARTNER' || actor.role === 'FACILITATOR')) return;
  throw forbidden(`Only a partner or a facilitator can ${doing}.`);
}

/** By hand (a partner or facilitator) or by the system when a closed check finds a MISMATCH. */
function raise(command: RaiseDisagreement, state: DisagreementState): DisagreementEvent[] {
  if (state.status !== 'NONE') throw invalidState(`Disagreement ${state.disagreementId} was already raised.`);
  if (command.actor.kind === 'member') requirePartnerOrFacilitator(command.actor, 'raise a disagreement');
  // A check's mismatch carries a prompt and answers already accepted when they were recorded, perhaps
  // under older, looser rules: refusing them now would leave the disagreement unraised for good.
  const recorded = command.actor.kind === 'system';
  const topic = recorded ? requireRecordedText('the topic', command.topic) : requireText('the topic', command.topic, TEXT_RULES.topic);
  const layer = requireOneOf('the layer', command.layer, LAYERS);
  const positions = validatePositions(command.positions, command.memberIds, recorded);
  const origin = {
    ...(command.checkId === undefined ? {} : { checkId: command.checkId }),
    ...(command.questionKey === undefined ? {} : { questionKey: command.questionKey }),
  };
  return [
    {
      type: 'DisagreementRaised',
      data: {
        disagreementId: command.disagreementId,
        firmId: command.firmId,
        topic,
        layer,
        positions,
        raisedBy: actorId(command.actor),
        raisedAt: command.now,
        ...origin,
      },
    },
  ];
}

/** At least one position, each from a different active member of the firm. */
function validatePositions(positions: readonly Position[], memberIds: readonly string[], recorded: boolean): Position[] {
  if (!Array.isArray(positions) || positions.length === 0) {
    throw badInput('A disagreement needs at least one position.', { field: 'positions' });
  }
  const seen = new Set<string>();
  return positions.map(({ memberId, text }) => {
    if (!memberIds.includes(memberId)) throw badInput(`Member ${memberId} is not an active member of this firm.`, { memberId });
    if (seen.has(memberId)) throw badInput(`Member ${memberId} has more than one position.`, { memberId });
    seen.add(memberId);
    const label = `the position of member ${memberId}`;
    return { memberId, text: recorded ? requireRecordedText(label, text) : requireText(label, text) };
  });
}

/** Putting the conversation off keeps the disagreement open (it still accrues debt); every reason is kept. */
function defer(command: DeferDisagreement, state: DisagreementState): DisagreementEvent[] {
  requirePartnerOrFacilitator(command.actor, 'defer a disagreement');
  if (state.status === 'RESOLVED') throw invalidState(`Disagreement ${state.disagreementId} is already resolved.`);
  const reason = requireText('the reason for deferring', command.reason);
  return [
    {
      type: 'DisagreementDeferred',
      data: { disagreementId: state.disagreementId, reason, deferredBy: actorId(command.actor), at: command.now },
    },
  ];
}

/**
 * A locked decision resolves it (the system, on DecisionLocked) or a partner does. Resolving a resolved disagreement
 * decides nothing: when two decisions name it, the first to lock resolves it.
 */
function resolve(command: ResolveDisagreement, state: DisagreementState): DisagreementEvent[] {
  if (command.actor.kind === 'member' && command.actor.role !== 'PARTNER') {
    throw forbidden('Only a partner or a locked decision can resolve a disagreement.');
  }
  if (state.status === 'RESOLVED') return [];
  if (typeof command.decisionId !== 'string' || command.decisionId.trim() === '') {
    throw badInput('A disagreement is resolved by a decision; name it.', { field: 'decisionId' });
  }
  return [
    {
      type: 'DisagreementResolved',
      data: { disagreementId: state.disagreementId, decisionId: command.decisionId, resolvedAt: command.now },
    },
  ];
}

export const disagreementDecider: Decider<DisagreementCommand, DisagreementEvent, DisagreementState> = {
  decide: decideDisagreement,
  evolve: evolveDisagreement,
  initialState: initialDisagreementState,
};
