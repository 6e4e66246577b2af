import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@accord/projections';
import { READ_STORE } from '@accord/platform';
import type { Layer, Position } from '@accord/domain';

export type DisagreementStatusValue = 'OPEN' | 'DEFERRED' | 'RESOLVED';

/** One deferral: why the conversation was put off, when, by whom. */
export interface DeferralRow {
  reason: string;
  at: string;
  by: string;
}

export interface DisagreementRow {
  id: string;
  firmId: string;
  topic: string;
  layer: Layer;
  status: DisagreementStatusValue;
  positions: Position[];
  raisedAt: string;
  raisedBy: string;
  resolvedAt: string | null;
  resolvedByDecision: string | null;
  checkId: string | null;
  questionKey: string | null;
  deferrals: DeferralRow[];
  position: number;
}

const COLUMNS = `id, firm_id AS "firmId", topic, layer, status, positions, raised_at AS "raisedAt", raised_by AS "raisedBy",
  resolved_at AS "resolvedAt", resolved_by_decision AS "resolvedByDecision", check_id AS "checkId", question_key AS "questionKey",
  deferrals, position`;

/** Reads of the disagreements read model. */
@Injectable()
export class DisagreementsQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async disagreement(id: string): Promise<DisagreementRow | null> {
    return (await this.byIds([id])).get(id) ?? null;
  }

  /** Disagreements by id (any firm: callers check the firm), e.g. those a proposed decision resolves. */
  async byIds(ids: readonly string[]): Promise<Map<string, DisagreementRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.readStore.read((tx) =>
      tx.all<Record<string, unknown>>(`SELECT ${COLUMNS} FROM disagreements WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids]),
    );
    return new Map(rows.map(toRow).map((row) => [row.id, row]));
  }

  /** A firm's disagreements in the order they were raised, optionally of one status. */
  async forFirm(firmId: string, status?: DisagreementStatusValue | null): Promise<DisagreementRow[]> {
    const rows = await this.readStore.read((tx) =>
      status
        ? tx.all<Record<string, unknown>>(`SELECT ${COLUMNS} FROM disagreements WHERE firm_id = ? AND status = ? ORDER BY position`, [firmId, status])
        : tx.all<Record<string, unknown>>(`SELECT ${COLUMNS} FROM disagreements WHERE firm_id = ? ORDER BY position`, [firmId]),
    );
    return rows.map(toRow);
  }
}

function toRow(row: Record<string, unknown>): DisagreementRow {
  return {
    ...(row as unknown as DisagreementRow),
    positions: JSON.parse(row.positions as string),
    deferrals: JSON.parse(row.deferrals as string),
    position: Number(row.position),
  };
}
