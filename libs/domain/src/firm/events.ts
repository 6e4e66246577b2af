import type { DomainEvent } from '../shared/decider';
import type { FirmKind, Question, Role } from '../shared/vocabulary';

/** A member's credential is kept only as the sha-256 (hex) of their token; the API redacts it from every read. */
export interface MemberJoinedData {
  firmId: string;
  memberId: string;
  name: string;
  role: Role;
  tokenHash: string;
  joinedAt: string;
}

export type FirmFounded = DomainEvent<
  'FirmFounded',
  {
    firmId: string;
    name: string;
    kind: FirmKind;
    foundedAt: string;
    /** The founding partner, who joins with the firm. */
    founder: { memberId: string; name: string; tokenHash: string };
    questions: Question[];
    cadenceDays: number;
  }
>;
export type MemberJoined = DomainEvent<'MemberJoined', MemberJoinedData>;
export type MemberRoleChanged = DomainEvent<'MemberRoleChanged', { firmId: string; memberId: string; role: Role; previousRole: Role }>;
export type MemberLeft = DomainEvent<'MemberLeft', { firmId: string; memberId: string }>;
/** The member's token was replaced: only the new one's sha-256 (hex) works from now on. */
export type MemberTokenRotated = DomainEvent<'MemberTokenRotated', { firmId: string; memberId: string; tokenHash: string; rotatedAt: string }>;
/** The member's token stopped working; they hold none until a partner rotates one for them. */
export type MemberTokenRevoked = DomainEvent<'MemberTokenRevoked', { firmId: string; memberId: string; revokedAt: string }>;
export type QuestionSetDefined = DomainEvent<'QuestionSetDefined', { firmId: string; questions: Question[] }>;
export type CadenceSet = DomainEvent<'CadenceSet', { firmId: string; cadenceDays: number }>;
/** The firm's own abstract words, added to the shared list for its answers. */
export type VagueWordsDefined = DomainEvent<'VagueWordsDefined', { firmId: string; words: string[] }>;

export type FirmEvent =
  | FirmFounded
  | MemberJoined
  | MemberRoleChanged
  | MemberLeft
  | MemberTokenRotated
  | MemberTokenRevoked
  | QuestionSetDefined
  | CadenceSet
  | VagueWordsDefined;

export const firmStream = (firmId: string) => `firm-${firmId}`;
