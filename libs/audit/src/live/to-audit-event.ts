import type { RecordedEvent } from '@accord/event-store';
import type { AuditEvent } from '../read-model/audit.models';
import { shownData } from '../redaction';

/** A recorded event as the live feed shows it: the same fields and redaction as the audit log. */
export function toAuditEvent(event: RecordedEvent, revealed: boolean): AuditEvent {
  return {
    position: event.position,
    streamId: event.stream,
    revision: event.revision,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    actorId: event.metadata.actor,
    data: JSON.stringify(shownData(event.type, event.data, revealed)),
    hash: event.hash,
    previousHash: event.previousHash,
  };
}
