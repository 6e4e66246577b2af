import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import { DomainError, SYSTEM, driftCause, driftDecider, driftStream, type CheckClosed, type DriftCommand } from '@accord/domain';
import { EVENT_STORE, deterministicEventId, execute, type ProcessManager } from '@accord/platform';

/**
 * When a check closes, records the drift it shows (SCORE_DROP, DEFINITION_DRIFT) on the firm's drift
 * stream. Each drift's event id is derived from the closing event and the drift's cause, so a re-run
 * (restart, rebuild) writes nothing new, whatever order the causes come in.
 */
@Injectable()
export class DriftOnCloseProcess implements ProcessManager {
  readonly name = 'drift-on-close';
  readonly handles = ['CheckClosed'];
  private readonly logger = new Logger('DriftOnClose');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async react(event: RecordedEvent): Promise<void> {
    const closed = (event as RecordedEvent<CheckClosed['data']>).data;
    const now = event.metadata.occurredAt;
    try {
      await execute(this.store, {
        decider: driftDecider,
        stream: driftStream(closed.firmId),
        firmId: closed.firmId,
        actor: SYSTEM,
        now,
        command: (): DriftCommand => ({ type: 'RecordCheckDrift', closed, actor: SYSTEM, now }),
        eventId: (drift) => deterministicEventId(event.id, driftCause(drift.data)),
        causationId: event.id,
        correlationId: event.metadata.correlationId,
      });
    } catch (error) {
      // Already recorded (the decider refuses nothing else a replay could meet): done.
      if (error instanceof DomainError && error.code === 'INVALID_STATE') {
        this.logger.debug(`drift of ${event.id} already recorded: ${error.message}`);
        return;
      }
      throw error;
    }
  }
}
