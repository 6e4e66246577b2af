import type { Actor } from '../shared/command-meta';
import { DomainError, forbidden, invalidState } from '../shared/domain-error';
import { ROLES } from '../shared/vocabulary';
import type { AddMember, ChangeMemberRole, RemoveMember, RevokeMemberToken, RotateMemberToken } from './commands';
import type { FirmEvent } from './events';
import { type FirmMember, type FirmState, memberOf, signedInPartnerIds } from './state';
import { TEXT_RULES } from '../shared/text';
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

/**
 * A firm always keeps a partner who can sign in: the last one can neither leave, be demoted nor have
 * their token revoked, or nobody could administer the firm again.
 */
function keepAPartner(state: FirmState, memberId: string, member: FirmMember, doing: string): void {
  if (member.role !== 'PARTNER' || !member.hasToken) return;
  if (signedInPartnerIds(state).every((id) => id === memberId)) {
    throw invalidState(
      `${member.name} is the last active partner of the firm and cannot ${doing}; a firm always keeps a partner.`,
    );
  }
}

/** A member manages their own token; a partner of the firm manages anyone's. */
function requireSelfOrPartner(state: FirmState, actor: Actor, memberId: string, doing: string): void {
  if (actor.kind === 'member' && actor.memberId === memberId) return;
  requireActivePartner(state, actor, doing);
}

export function addMember(command: AddMember, state: FirmState): FirmEvent[] {
  requireActivePartner(state, command.actor, 'add members');
  if (memberOf(state, command.memberId)) {
    throw invalidState(`Member ${command.memberId} is already part of firm ${state.firmId}.`);
  }
  const name = requireText('the member name', command.name, TEXT_RULES.name);
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

export function rotateMemberToken(command: RotateMemberToken, state: FirmState): FirmEvent[] {
  requireSelfOrPartner(state, command.actor, command.memberId, "rotate another member's token");
  requireActiveMember(state, command.memberId);
  return [
    {
      type: 'MemberTokenRotated',
      data: { firmId: state.firmId, memberId: command.memberId, tokenHash: command.tokenHash, rotatedAt: command.now },
    },
  ];
}

/** Revoking a token already revoked decides nothing. */
export function revokeMemberToken(command: RevokeMemberToken, state: FirmState): FirmEvent[] {
  requireSelfOrPartner(state, command.actor, command.memberId, "revoke another member's token");
  const member = requireActiveMember(state, command.memberId);
  if (!member.hasToken) return [];
  keepAPartner(state, command.memberId, member, 'have their token revoked (rotate it instead)');
  return [{ type: 'MemberTokenRevoked', data: { firmId: state.firmId, memberId: command.memberId, revokedAt: command.now } }];
}
