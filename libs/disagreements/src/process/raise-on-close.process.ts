import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import {
  answerOf,
  checkDecider,
  checkStream,
  DomainError,
  disagreementDecider,
  disagreementStream,
  SYSTEM,
  type CheckClosed,
  type DisagreementCommand,
  type Position,
} from '@accord/domain';
import { EVENT_STORE, deterministicEventId, execute, loadState, type ProcessManager } from '@accord/platform';

/**
 * DESIGN rule 6: closing a check raises one disagreement per MISMATCH question, carrying each
 * participant's answer as their position. The disagreement id is derived from the close, so a
 * replayed reaction finds it already raised.
 */
@Injectable()
export class RaiseOnCloseProcess implements ProcessManager {
  readonly name = 'raise-disagreements-on-close';
  readonly handles = ['CheckClosed'];
  private readonly logger = new Logger('RaiseOnClose');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async react(event: RecordedEvent): Promise<void> {
    const closed = event.data as CheckClosed['data'];
    if (closed.mismatched.length === 0) return;
    const { state: check } = await loadState(this.store, checkDecider, checkStream(closed.checkId));
    for (const questionKey of closed.mismatched) {
      const question = check.questions.find(({ key }) => key === questionKey);
      const positions: Position[] = check.participantIds.flatMap((memberId) => {
        const answer = answerOf(check, questionKey, memberId);
        return answer ? [{ memberId, text: answer.text }] : [];
      });
      // Judged MISMATCH with no answer at all (a forced reveal): there is no position to carry.
      if (!question || positions.length === 0) {
        this.logger.warn(`check ${closed.checkId}: no answers to "${questionKey}", no disagreement raised`);
        continue;
      }
      const disagreementId = deterministicEventId(event.id, `disagreement:${questionKey}`);
      await this.raise(event, {
        type: 'RaiseDisagreement',
        disagreementId,
        firmId: closed.firmId,
        topic: question.prompt,
        layer: 'VISION',
        positions,
        memberIds: check.participantIds,
        checkId: closed.checkId,
        questionKey,
        actor: SYSTEM,
        now: event.metadata.occurredAt,
      });
    }
  }

  private async raise(event: RecordedEvent, command: Extract<DisagreementCommand, { type: 'RaiseDisagreement' }>): Promise<void> {
    try {
      await execute(this.store, {
        decider: disagreementDecider,
        stream: disagreementStream(command.disagreementId),
        firmId: command.firmId,
        actor: SYSTEM,
        now: command.now,
        command: () => command,
        // Raising decides one event: its id is the disagreement's own, derived from the close.
        eventId: () => command.disagreementId,
        causationId: event.id,
        correlationId: event.metadata.correlationId,
      });
    } catch (error) {
      // Raised by an earlier run of this reaction.
      if (error instanceof DomainError && error.code === 'INVALID_STATE') return;
      throw error;
    }
  }
}
