import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection, ReadTx } from '@accord/projections';
import type { DecisionEvent } from '@accord/domain';

/** Decisions and their endorsements; `superseded_at` keeps aligned definitions computable as of any date. */
@Injectable()
export class DecisionsProjection implements Projection {
  readonly name = 'decisions';
  readonly handles = ['DecisionProposed', 'DecisionEndorsed', 'DecisionLocked', 'DecisionSuperseded'];
  readonly tables = ['decisions', 'decision_endorsements'];
  readonly schema = [
    `CREATE TABLE IF NOT EXISTS decisions (
       id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, title TEXT NOT NULL, outcome TEXT NOT NULL, chosen_answer TEXT NOT NULL,
       alternatives TEXT NOT NULL, rationale TEXT NOT NULL, layer TEXT NOT NULL, question_key TEXT, status TEXT NOT NULL,
       proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL, locked_at TEXT, supersedes TEXT, superseded_by TEXT,
       superseded_at TEXT, resolves TEXT NOT NULL, position INTEGER NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS decisions_firm ON decisions (firm_id, position)',
    `CREATE TABLE IF NOT EXISTS decision_endorsements (
       decision_id TEXT NOT NULL, member_id TEXT NOT NULL, at TEXT NOT NULL, seq INTEGER NOT NULL,
       PRIMARY KEY (decision_id, member_id))`,
  ];

  async handle(recorded: RecordedEvent, tx: ReadTx): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as DecisionEvent;
    switch (event.type) {
      case 'DecisionProposed': {
        const d = event.data;
        await tx.run(
          `INSERT INTO decisions (id, firm_id, title, outcome, chosen_answer, alternatives, rationale, layer, question_key, status,
             proposed_by, proposed_at, supersedes, resolves, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?, ?, ?, ?, ?)`,
          [
            d.decisionId, d.firmId, d.title, d.outcome, d.chosenAnswer, JSON.stringify(d.alternatives), d.rationale, d.layer,
            d.questionKey, d.proposedBy, d.proposedAt, d.supersedes, JSON.stringify(d.resolves), recorded.position,
          ],
        );
        return;
      }
      case 'DecisionEndorsed':
        await tx.run('INSERT INTO decision_endorsements (decision_id, member_id, at, seq) VALUES (?, ?, ?, ?)', [
          event.data.decisionId,
          event.data.memberId,
          event.data.at,
          recorded.position,
        ]);
        return;
      case 'DecisionLocked':
        await tx.run(`UPDATE decisions SET status = 'LOCKED', locked_at = ? WHERE id = ?`, [event.data.lockedAt, event.data.decisionId]);
        return;
      case 'DecisionSuperseded':
        await tx.run(`UPDATE decisions SET status = 'SUPERSEDED', superseded_by = ?, superseded_at = ? WHERE id = ?`, [
          event.data.supersededBy,
          event.data.at,
          event.data.decisionId,
        ]);
        return;
    }
  }
}
