import type { CommandMeta } from '../shared/command-meta';
import type { Layer } from '../shared/vocabulary';

export type ProposeDecision = CommandMeta & {
  type: 'ProposeDecision';
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
  /** Checked by the handler against the firm, other decisions and disagreements before deciding. */
  context: {
    firmId: string;
    questionKeys: readonly string[];
    /** Firm and status of each id in `resolves`, as loaded; missing ids are absent. */
    disagreements: Record<string, { firmId: string; status: 'OPEN' | 'DEFERRED' | 'RESOLVED' }>;
    /** Firm and status of `supersedes`, as loaded. */
    superseded?: { firmId: string; status: 'PROPOSED' | 'LOCKED' | 'SUPERSEDED' };
  };
};
export type EndorseDecision = CommandMeta & {
  type: 'EndorseDecision';
  /** The firm's active partners now: the decision locks when all of them have endorsed. */
  activePartnerIds: readonly string[];
};
export type SupersedeDecision = CommandMeta & { type: 'SupersedeDecision'; supersededBy: string };

/**
 * Sent by the system when the firm's partners change (one leaves or is demoted): a proposal every
 * remaining active partner has endorsed locks then, since no endorsement is left to lock it.
 */
export type ReassessLock = CommandMeta & { type: 'ReassessLock'; activePartnerIds: readonly string[] };

export type DecisionCommand = ProposeDecision | EndorseDecision | SupersedeDecision | ReassessLock;
