import { Inject, Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@accord/event-store';
import type { DriftDetected } from '@accord/domain';
import type { ReadStore } from '@accord/projections';
import { READ_STORE } from '@accord/platform';
import type { DriftEventModel } from './drift-event.model';

const COLUMNS = `id, firm_id AS "firmId", kind, detected_at AS "detectedAt", check_id AS "checkId", question_key AS "questionKey",
  decision_id AS "decisionId", previous_score AS "previousScore", score, due_at AS "dueAt", position`;

/** Reads of the drift read model. */
@Injectable()
export class DriftQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** A firm's drift, oldest first. */
  driftEvents(firmId: string): Promise<DriftEventModel[]> {
    return this.readStore.read((tx) => tx.all<DriftEventModel>(`SELECT ${COLUMNS} FROM drift_events WHERE firm_id = ? ORDER BY position`, [firmId]));
  }
}

/** The GraphQL shape of a recorded DriftDetected event (the same row the projection writes). */
export function toDriftEvent(recorded: RecordedEvent): DriftEventModel {
  const d = (recorded as RecordedEvent<DriftDetected['data']>).data;
  return {
    id: recorded.id,
    firmId: d.firmId,
    kind: d.kind,
    detectedAt: d.detectedAt,
    checkId: d.checkId,
    questionKey: d.questionKey,
    decisionId: d.decisionId,
    previousScore: d.previousScore,
    score: d.score,
    dueAt: d.dueAt,
    position: recorded.position,
  };
}
