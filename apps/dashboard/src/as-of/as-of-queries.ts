import type { Layer } from '../ui/vocabulary';
import type { ClosedCheck, LockedDecision } from './timeline';

/**
 * The range of the slider: the server's now (conflictDebt without asOf answers with it — the browser's
 * clock may differ) and the instants worth landing on. Every decision is asked for, not only LOCKED
 * ones, because a superseded decision was locked once and is just as worth landing on.
 */
export const RANGE = `query AsOfRange($firmId: ID!) {
  conflictDebt(firmId: $firmId) { asOf }
  alignmentHistory(firmId: $firmId) { checkId closedAt verdict score outOf }
  decisions(firmId: $firmId) { id title lockedAt }
}`;

export interface RangeData {
  conflictDebt: { asOf: string };
  alignmentHistory: ClosedCheck[];
  decisions: LockedDecision[];
}

/** What stood at one instant; `asOf: null` is the server's now. */
export const AS_OF = `query AsOf($firmId: ID!, $asOf: DateTime) {
  alignedDefinitions(firmId: $firmId, asOf: $asOf) { questionKey answer outcome lockedAt decision { id title } }
  conflictDebt(firmId: $firmId, asOf: $asOf) { asOf total openCount oldestOpenDays
    items { disagreement { id topic layer } ageDays weight debt }
    paid { disagreement { id topic layer } ageDays weight debt } }
}`;

export interface DebtItem {
  disagreement: { id: string; topic: string; layer: Layer };
  ageDays: number;
  weight: number;
  debt: number;
}

export interface AsOfData {
  alignedDefinitions: Array<{ questionKey: string; answer: string; outcome: string; lockedAt: string; decision: { id: string; title: string } }>;
  conflictDebt: { asOf: string; total: number; openCount: number; oldestOpenDays: number | null; items: DebtItem[]; paid: DebtItem[] };
}
