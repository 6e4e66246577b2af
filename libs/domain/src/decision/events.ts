import type { DomainEvent } from '../shared/decider';
import type { Layer } from '../shared/vocabulary';

export type DecisionProposed = DomainEvent<
  'DecisionProposed',
  {
    decisionId: string;
    firmId: string;
    title: string;
    outcome: string;
    chosenAnswer: string;
    alternatives: string[];
    rationale: string;
    layer: Layer;
    questionKey: string | null;
    resolves: string[];
    supersedes: string | null;
    proposedBy: string;
    proposedAt: string;
  }
>;
export type DecisionEndorsed = DomainEvent<'DecisionEndorsed', { decisionId: string; memberId: string; at: string }>;
/** Appended with the last endorsement: from here on the decision never changes, it can only be superseded. */
export type DecisionLocked = DomainEvent<
  'DecisionLocked',
  {
    decisionId: string;
    firmId: string;
    lockedAt: string;
    endorsedBy: string[];
    questionKey: string | null;
    resolves: string[];
    supersedes: string | null;
  }
>;
export type DecisionSuperseded = DomainEvent<'DecisionSuperseded', { decisionId: string; supersededBy: string; at: string }>;

export type DecisionEvent = DecisionProposed | DecisionEndorsed | DecisionLocked | DecisionSuperseded;

export const decisionStream = (decisionId: string) => `decision-${decisionId}`;
