import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection, ReadTx } from '@accord/projections';
import type { DriftDetected } from '@accord/domain';

/** The drift projection's name, for waiting on it. */
export const DRIFT_PROJECTION = 'drift';

/** Every drift recorded for a firm, one row per DriftDetected event (its id is the event id). */
@Injectable()
export class DriftProjection implements Projection {
  readonly name = DRIFT_PROJECTION;
  readonly handles = ['DriftDetected'];
  readonly tables = ['drift_events'];
  readonly schema = [
    `CREATE TABLE IF NOT EXISTS drift_events (
       id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, kind TEXT NOT NULL, detected_at TEXT NOT NULL,
       check_id TEXT, question_key TEXT, decision_id TEXT, previous_score INTEGER, score INTEGER,
       due_at TEXT, position INTEGER NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS drift_events_firm ON drift_events (firm_id, position)',
  ];

  async handle(recorded: RecordedEvent, tx: ReadTx): Promise<void> {
    const d = (recorded as RecordedEvent<DriftDetected['data']>).data;
    await tx.run(
      `INSERT INTO drift_events (id, firm_id, kind, detected_at, check_id, question_key, decision_id, previous_score, score, due_at, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [recorded.id, d.firmId, d.kind, d.detectedAt, d.checkId, d.questionKey, d.decisionId, d.previousScore, d.score, d.dueAt, recorded.position],
    );
  }
}
