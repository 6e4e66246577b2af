import { DomainError, type Actor, type Role } from '@accord/domain';
import type { AuthenticatedMember, RequestContext } from './member';

export const ALL_ROLES: readonly Role[] = ['PARTNER', 'FACILITATOR', 'AUDITOR', 'VIEWER'];

/** The caller, or UNAUTHENTICATED. */
export function requireMember(ctx: RequestContext): AuthenticatedMember {
  if (ctx.member) return ctx.member;
  throw new DomainError(
    'UNAUTHENTICATED',
    ctx.badToken ? 'the token is not valid (unknown, or its member has left the firm)' : 'send Authorization: Bearer <token>',
  );
}

/**
 * The caller, if they belong to `firmId` and hold one of `roles`; FORBIDDEN otherwise. Another
 * firm's data is refused the same way whether it exists or not, so ids do not leak.
 */
export function requireFirmRole(ctx: RequestContext, firmId: string, roles: readonly Role[]): AuthenticatedMember {
  const member = requireMember(ctx);
  if (member.firmId !== firmId) throw new DomainError('FORBIDDEN', 'you are not a member of this firm');
  if (!roles.includes(member.role)) {
    throw new DomainError('FORBIDDEN', `this needs the role ${roles.join(' or ')}; you are ${member.role}`);
  }
  return member;
}

export function actorOf(member: AuthenticatedMember): Actor {
  return { kind: 'member', memberId: member.memberId, role: member.role };
}
