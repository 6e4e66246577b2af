import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection, ReadTx } from '@accord/projections';
import type { DisagreementEvent } from '@accord/domain';

/** Disagreements of every firm: raised by hand or by a closed check, deferred, resolved by a locked decision. */
@Injectable()
export class DisagreementsProjection implements Projection {
  readonly name = 'disagreements';
  readonly handles = ['DisagreementRaised', 'DisagreementDeferred', 'DisagreementResolved'];
  readonly tables = ['disagreements'];
  readonly schema = [
    `CREATE TABLE IF NOT EXISTS disagreements (
       id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, topic TEXT NOT NULL, layer TEXT NOT NULL, status TEXT NOT NULL,
       positions TEXT NOT NULL, raised_at TEXT NOT NULL, raised_by TEXT NOT NULL, resolved_at TEXT,
       resolved_by_decision TEXT, check_id TEXT, question_key TEXT, deferrals TEXT NOT NULL DEFAULT '[]',
       position INTEGER NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS disagreements_firm ON disagreements (firm_id, position)',
  ];

  async handle(recorded: RecordedEvent, tx: ReadTx): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as DisagreementEvent;
    switch (event.type) {
      case 'DisagreementRaised': {
        const d = event.data;
        await tx.run(
          `INSERT INTO disagreements (id, firm_id, topic, layer, status, positions, raised_at, raised_by, check_id, question_key, position)
           VALUES (?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)`,
          [d.disagreementId, d.firmId, d.topic, d.layer, JSON.stringify(d.positions), d.raisedAt, d.raisedBy, d.checkId ?? null, d.questionKey ?? null, recorded.position],
        );
        return;
      }
      case 'DisagreementDeferred': {
        const d = event.data;
        const row = await tx.get<{ deferrals: string }>('SELECT deferrals FROM disagreements WHERE id = ?', [d.disagreementId]);
        const deferrals = [...JSON.parse(row?.deferrals ?? '[]'), { reason: d.reason, at: d.at, by: d.deferredBy }];
        await tx.run(`UPDATE disagreements SET status = 'DEFERRED', deferrals = ? WHERE id = ?`, [JSON.stringify(deferrals), d.disagreementId]);
        return;
      }
      case 'DisagreementResolved': {
        const d = event.data;
        await tx.run(`UPDATE disagreements SET status = 'RESOLVED', resolved_at = ?, resolved_by_decision = ? WHERE id = ?`, [
          d.resolvedAt,
          d.decisionId,
          d.disagreementId,
        ]);
        return;
      }
    }
  }
}
