import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@accord/projections';
import { READ_STORE } from '@accord/platform';
import { shownJson } from '../redaction';
import type { AuditEvent } from './audit.models';

interface AuditRow {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string;
  actorId: string;
  data: string;
  hash: string;
  previousHash: string | null;
  revealed: number;
}

/** A recorded event as the audit read model remembers it, for comparison with the store. */
export interface RememberedEvent {
  position: number;
  revision: number;
  hash: string;
}

/** Reads of the audit read model; every event leaves here redacted. */
@Injectable()
export class AuditQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** Up to `first` events of the firm after `after`, in log order, and whether more follow. */
  async page(firmId: string, after: number, first: number): Promise<{ events: AuditEvent[]; hasMore: boolean }> {
    const rows = await this.readStore.read((tx) =>
      tx.all<AuditRow>(
        `SELECT a.position, a.stream AS "streamId", a.revision, a.type, a.occurred_at AS "occurredAt", a.actor AS "actorId", a.data,
                a.hash, a.previous_hash AS "previousHash", CASE WHEN r.check_id IS NULL THEN 0 ELSE 1 END AS revealed
           FROM audit_events a LEFT JOIN audit_revealed_checks r ON r.check_id = a.check_id
          WHERE a.firm_id = ? AND a.position > ? ORDER BY a.position LIMIT ?`,
        [firmId, after, first + 1],
      ),
    );
    const events = rows.slice(0, first).map(({ revealed, ...row }) => ({ ...row, data: shownJson(row.type, row.data, Boolean(revealed)) }));
    return { events, hasMore: rows.length > first };
  }

  /** Whether the check's answers are unsealed. */
  async isRevealed(checkId: string): Promise<boolean> {
    const row = await this.readStore.read((tx) => tx.get('SELECT check_id FROM audit_revealed_checks WHERE check_id = ?', [checkId]));
    return row !== undefined;
  }

  /** The streams that hold the firm's events. */
  async streams(firmId: string): Promise<string[]> {
    const rows = await this.readStore.read((tx) =>
      tx.all<{ stream: string }>('SELECT stream, min(position) AS first FROM audit_events WHERE firm_id = ? GROUP BY stream ORDER BY first', [firmId]),
    );
    return rows.map((row) => row.stream);
  }

  /** The events of one stream the read model remembers, in revision order. */
  remembered(stream: string): Promise<RememberedEvent[]> {
    return this.readStore.read((tx) =>
      tx.all<RememberedEvent>('SELECT position, revision, hash FROM audit_events WHERE stream = ? ORDER BY revision', [stream]),
    );
  }
}
