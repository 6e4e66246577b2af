import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import {
  DomainError,
  SYSTEM,
  decisionDecider,
  decisionStream,
  disagreementDecider,
  disagreementStream,
  type DecisionCommand,
  type DecisionLocked,
  type DisagreementCommand,
  type DomainEvent,
} from '@accord/domain';
import { EVENT_STORE, deterministicEventId, execute, type Execution, type ProcessManager } from '@accord/platform';

/**
 * DESIGN rule 8: locking resolves the disagreements a decision names and supersedes the decision it
 * replaces. Event ids derive from the lock, so a replayed reaction writes nothing new.
 */
@Injectable()
export class DecisionLockedProcess implements ProcessManager {
  readonly name = 'decision-locked';
  readonly handles = ['DecisionLocked'];

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async react(event: RecordedEvent): Promise<void> {
    const locked = event.data as DecisionLocked['data'];
    const now = event.metadata.occurredAt;
    const common = { firmId: locked.firmId, actor: SYSTEM, now, causationId: event.id, correlationId: event.metadata.correlationId };
    for (const disagreementId of locked.resolves) {
      await this.settle({
        ...common,
        decider: disagreementDecider,
        stream: disagreementStream(disagreementId),
        command: (): DisagreementCommand => ({ type: 'ResolveDisagreement', decisionId: locked.decisionId, actor: SYSTEM, now }),
        eventId: () => deterministicEventId(event.id, `resolve:${disagreementId}`),
      });
    }
    if (locked.supersedes !== null) {
      await this.settle({
        ...common,
        decider: decisionDecider,
        stream: decisionStream(locked.supersedes),
        command: (): DecisionCommand => ({ type: 'SupersedeDecision', supersededBy: locked.decisionId, actor: SYSTEM, now }),
        eventId: () => deterministicEventId(event.id, 'supersede'),
      });
    }
  }

  private async settle<C, E extends DomainEvent, S>(execution: Execution<C, E, S>): Promise<void> {
    try {
      await execute(this.store, execution);
    } catch (error) {
      // Already resolved or superseded (e.g. by a decision that locked first): nothing left to do.
      if (error instanceof DomainError && error.code === 'INVALID_STATE') return;
      throw error;
    }
  }
}
