import type { Actor } from '../shared/command-meta';
import { DomainError, forbidden, invalidState } from '../shared/domain-error';
import { ROLES } from '../shared/vocabulary';
import type { AddMember, ChangeMemberRole, RemoveMember } from './commands';
import type { FirmEvent } from './events';
import { activePartnerIds, type FirmMember, type FirmState, memberOf } from './state';
import { requireOneOf, requireText } from './validation';

/** Firm administration is for active partners (by the firm's record and the actor's role), and for the system. */
export function requireActivePartner(state: FirmState, actor: Actor, doing: string): void {
  if (actor.kind === 'system') return;
  const member = memberOf(state, actor.memberId);
  if (actor.role !== 'PARTNER' || !member?.active || member.role !== 'PARTNER') {
    throw forbidden(`Only an active partner of the firm can ${doing}.`);
  }
}

function requireActiveMember(state: FirmState, memberId: string): FirmMember {
  const member = memberOf(state, memberId);
  if (!member?.active) {
    throw new DomainError('NOT_FOUND', `Member ${memberId} is not an active member of firm ${state.firmId}.`, { id: memberId });
  }
  return member;
}

/** A firm always keeps a partner: the last active one can neither leave nor be demoted. */
function keepAPartner(state: FirmState, memberId: string, member: FirmMember, doing: string): void {
  const partners = activePartnerIds(state);
  if (member.role === 'PARTNER' && partners.length === 1 && partners[0] === memberId) {
    throw invalidState(
      `${member.name} is the last active partner of the firm and cannot ${doing}; a firm always keeps a partner.`,
    );
  }
}

export function addMember(command: AddMember, state: FirmState): FirmEvent[] {
  requireActivePartner(state, command.actor, 'add members');
  if (memberOf(state, command.memberId)) {
    throw invalidState(`Member ${command.memberId} is already part of firm ${state.firmId}.`);
  }
  const name = requireText('the member name', command.name);
  const role = requireOneOf('the role', command.role, ROLES);
  return [
    {
      type: 'MemberJoined',
      data: { firmId: state.firmId, memberId: command.memberId, name, role, tokenHash: command.tokenHash, joinedAt: command.now },
    },
  ];
}

/** Giving a member the role they already hold decides nothing: retries and double clicks are harmless. */
export function changeMemberRole(command: ChangeMemberRole, state: FirmState): FirmEvent[] {
  requireActivePartner(state, command.actor, 'change roles');
  const member = requireActiveMember(state, command.memberId);
  const role = requireOneOf('the role', command.role, ROLES);
  if (member.role === role) return [];
  keepAPartner(state, command.memberId, member, `become ${role.toLowerCase()}`);
  return [
    { type: 'MemberRoleChanged', data: { firmId: state.firmId, memberId: command.memberId, role, previousRole: member.role } },
  ];
}

export function removeMember(command: RemoveMember, state: FirmState): FirmEvent[] {
  requireActivePartner(state, command.actor, 'remove members');
  const member = requireActiveMember(state, command.memberId);
  keepAPartner(state, command.memberId, member, 'leave');
  return [{ type: 'MemberLeft', data: { firmId: state.firmId, memberId: command.memberId } }];
}
