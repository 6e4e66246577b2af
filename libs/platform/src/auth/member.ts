import type { Role } from '@accord/domain';

/** The member a request acts as, resolved from its token. */
export interface AuthenticatedMember {
  memberId: string;
  firmId: string;
  name: string;
  role: Role;
}

/** Finds the active member holding a token, by the token's hash. */
export interface MemberDirectory {
  findByTokenHash(tokenHash: string): Promise<AuthenticatedMember | null>;
}

/** What every resolver receives as its GraphQL context. */
export interface RequestContext {
  member: AuthenticatedMember | null;
  /** True when a token was presented but matched no active member. */
  badToken: boolean;
  requestId: string;
  /** The client's address, for per-IP rate limits (absent when unknown, e.g. in tests that build a context). */
  clientIp?: string;
  /** True when the request carries the operator token (ACCORD_OPERATOR_TOKEN): not a member, may create firms. */
  operator?: boolean;
}
