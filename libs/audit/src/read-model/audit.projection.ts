import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection, ReadTx } from '@accord/projections';
import { answerCheckId } from '../redaction';
import { AUDITED_EVENT_TYPES } from './audited-event-types';

/** The audit projection's name, for waiting on it. */
export const AUDIT_PROJECTION = 'audit';

/**
 * Every event of every firm, as recorded (payload and hashes included), plus the checks already
 * revealed, so sealed answers can be shown or hidden when they are read. Redaction happens on read.
 */
@Injectable()
export class AuditProjection implements Projection {
  readonly name = AUDIT_PROJECTION;
  readonly handles = AUDITED_EVENT_TYPES;
  readonly tables = ['audit_events', 'audit_revealed_checks'];
  readonly schema = [
    `CREATE TABLE IF NOT EXISTS audit_events (
       position INTEGER PRIMARY KEY, firm_id TEXT NOT NULL, stream TEXT NOT NULL, revision INTEGER NOT NULL,
       type TEXT NOT NULL, occurred_at TEXT NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL,
       hash TEXT NOT NULL, previous_hash TEXT, check_id TEXT)`,
    'CREATE INDEX IF NOT EXISTS audit_events_firm ON audit_events (firm_id, position)',
    'CREATE INDEX IF NOT EXISTS audit_events_stream ON audit_events (stream, revision)',
    'CREATE TABLE IF NOT EXISTS audit_revealed_checks (check_id TEXT PRIMARY KEY)',
  ];

  async handle(event: RecordedEvent, tx: ReadTx): Promise<void> {
    const m = event.metadata;
    await tx.run(
      `INSERT INTO audit_events (position, firm_id, stream, revision, type, occurred_at, actor, data, hash, previous_hash, check_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING`,
      [event.position, m.firmId, event.stream, event.revision, event.type, m.occurredAt, m.actor, JSON.stringify(event.data), event.hash, event.previousHash, answerCheckId(event.type, event.data)],
    );
    if (event.type === 'CheckRevealed') {
      const { checkId } = event.data as { checkId: string };
      await tx.run('INSERT INTO audit_revealed_checks (check_id) VALUES (?) ON CONFLICT (check_id) DO NOTHING', [checkId]);
    }
  }
}
