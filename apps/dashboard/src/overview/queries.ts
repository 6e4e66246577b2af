import type { FeedEvent } from '../live/firm-feed';

/** The overview's reads, each kept small (the server caps cost at 5000 and depth at 12). */
export const ALIGNMENT_HISTORY = `query AlignmentHistory($firmId: ID!) {
  alignmentHistory(firmId: $firmId) { checkId closedAt score outOf verdict mismatched }
}`;

export const CONFLICT_DEBT = `query ConflictDebtNow($firmId: ID!) {
  conflictDebt(firmId: $firmId) { asOf total openCount oldestOpenDays
    items { ageDays weight debt disagreement { id topic layer status raisedAt } } }
}`;

export const ALIGNED_DEFINITIONS = `query AlignedDefinitions($firmId: ID!) {
  alignedDefinitions(firmId: $firmId) { questionKey answer outcome lockedAt decision { id title } }
}`;

/** A closed check adds a point to the history. */
export const changesHistory = (event: FeedEvent) => event.type === 'CheckClosed';

/** Debt moves when a disagreement is raised (by hand or by a closing check), deferred or resolved by a lock. */
export const changesDebt = (event: FeedEvent) => event.type.startsWith('Disagreement') || event.type === 'DecisionLocked' || event.type === 'CheckClosed';

/** A definition appears when its decision locks and moves when a newer one supersedes it. */
export const changesDefinitions = (event: FeedEvent) => event.type === 'DecisionLocked' || event.type === 'DecisionSuperseded';
