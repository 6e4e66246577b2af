import type { CheckEvent, DecisionEvent, DisagreementEvent, DriftEvent, FirmEvent } from '@accord/domain';

/** Every event type of the domain. */
export type AuditedEventType = (FirmEvent | CheckEvent | DisagreementEvent | DecisionEvent | DriftEvent)['type'];

// A record over the union: a new domain event that is not listed here fails to compile.
const TYPES: Record<AuditedEventType, true> = {
  FirmFounded: true,
  MemberJoined: true,
  MemberRoleChanged: true,
  MemberLeft: true,
  MemberTokenRotated: true,
  MemberTokenRevoked: true,
  QuestionSetDefined: true,
  CadenceSet: true,
  VagueWordsDefined: true,
  CheckOpened: true,
  AnswerSubmitted: true,
  AnswerRevised: true,
  CheckRevealed: true,
  QuestionJudged: true,
  CheckClosed: true,
  DisagreementRaised: true,
  DisagreementDeferred: true,
  DisagreementResolved: true,
  DecisionProposed: true,
  DecisionEndorsed: true,
  DecisionLocked: true,
  DecisionSuperseded: true,
  DriftDetected: true,
};

/** The audit log records every event type the domain has. */
export const AUDITED_EVENT_TYPES: readonly AuditedEventType[] = Object.keys(TYPES) as AuditedEventType[];
