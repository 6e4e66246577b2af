import type { Layer } from '../ui/vocabulary';
import type { DecisionStatus } from './decision-filters';

/** The why page in one document: depth 6, cost well under the limit (lists nest two deep at most). */
export const DECISION_WHY = `query DecisionWhy($id: ID!) {
  decision(id: $id) { id title status layer questionKey chosenAnswer proposedAt lockedAt supersededAt
    proposedBy { name } supersededBy { id title }
    why { summary outcome rationale alternatives
      endorsements { member { id name } at }
      resolved { id topic layer raisedAt resolvedAt openDays positions { member { name } text } checkId }
      checks { id openedAt closedAt verdict score outOf }
      supersedes { id title } } }
}`;

export interface ResolvedDisagreement {
  id: string;
  topic: string;
  layer: Layer;
  raisedAt: string;
  resolvedAt: string | null;
  openDays: number;
  positions: Array<{ member: { name: string }; text: string }>;
  checkId: string | null;
}

export interface SourceCheck {
  id: string;
  openedAt: string;
  closedAt: string | null;
  verdict: string | null;
  score: number | null;
  outOf: number | null;
}

export interface DecisionWithWhy {
  id: string;
  title: string;
  status: DecisionStatus;
  layer: Layer;
  questionKey: string | null;
  chosenAnswer: string;
  proposedAt: string;
  lockedAt: string | null;
  supersededAt: string | null;
  proposedBy: { name: string };
  supersededBy: { id: string; title: string } | null;
  why: {
    summary: string;
    outcome: string;
    rationale: string;
    alternatives: string[];
    endorsements: Array<{ member: { id: string; name: string }; at: string }>;
    resolved: ResolvedDisagreement[];
    checks: SourceCheck[];
    supersedes: { id: string; title: string } | null;
  };
}
