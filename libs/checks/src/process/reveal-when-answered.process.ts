import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import { checkDecider, checkStream, DomainError, isFullyAnswered, SYSTEM, type AnswerSubmitted, type CheckCommand } from '@accord/domain';
import { EVENT_STORE, deterministicEventId, execute, loadState, type ProcessManager } from '@accord/platform';

/**
 * Reveals a check by itself once every participant answered every question (DESIGN.md rule 4). Idempotent:
 * the reveal's id derives from the answer that caused it, and a check already revealed (by an earlier answer's
 * reaction or by a facilitator) is done.
 */
@Injectable()
export class RevealWhenAnsweredProcess implements ProcessManager {
  readonly name = 'reveal-when-answered';
  readonly handles = ['AnswerSubmitted'];

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async react(event: RecordedEvent): Promise<void> {
    const { checkId } = (event.data as AnswerSubmitted['data']);
    const stream = checkStream(checkId);
    const { state } = await loadState(this.store, checkDecider, stream);
    if (state.status !== 'OPEN' || !isFullyAnswered(state)) return;
    const now = event.metadata.occurredAt;
    try {
      await execute(this.store, {
        decider: checkDecider,
        stream,
        firmId: state.firmId,
        actor: SYSTEM,
        now,
        command: (): CheckCommand => ({ type: 'RevealCheck', actor: SYSTEM, now }),
        eventId: () => deterministicEventId(event.id, 'reveal'),
        causationId: event.id,
        correlationId: event.metadata.correlationId,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVALID_STATE') return; // revealed meanwhile: done
      throw error;
    }
  }
}
