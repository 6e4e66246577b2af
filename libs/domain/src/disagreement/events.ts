import type { DomainEvent } from '../shared/decider';
import type { Layer } from '../shared/vocabulary';

export interface Position {
  memberId: string;
  text: string;
}

export type DisagreementRaised = DomainEvent<
  'DisagreementRaised',
  {
    disagreementId: string;
    firmId: string;
    topic: string;
    layer: Layer;
    positions: Position[];
    raisedBy: string;
    raisedAt: string;
    /** Set when a closed check raised it for a MISMATCH question. */
    checkId?: string;
    questionKey?: string;
  }
>;
export type DisagreementDeferred = DomainEvent<
  'DisagreementDeferred',
  { disagreementId: string; reason: string; deferredBy: string; at: string }
>;
export type DisagreementResolved = DomainEvent<
  'DisagreementResolved',
  { disagreementId: string; decisionId: string; resolvedAt: string }
>;

export type DisagreementEvent = DisagreementRaised | DisagreementDeferred | DisagreementResolved;

export const disagreementStream = (disagreementId: string) => `disagreement-${disagreementId}`;
