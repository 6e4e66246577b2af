import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@accord/projections';
import { READ_STORE, type AlignedDefinitionsSource } from '@accord/platform';
import type { Layer } from '@accord/domain';

export type DecisionStatusValue = 'PROPOSED' | 'LOCKED' | 'SUPERSEDED';

export interface DecisionRow {
  id: string;
  firmId: string;
  title: string;
  outcome: string;
  chosenAnswer: string;
  alternatives: string[];
  rationale: string;
  layer: Layer;
  questionKey: string | null;
  status: DecisionStatusValue;
  proposedBy: string;
  proposedAt: string;
  lockedAt: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  supersededAt: string | null;
  resolves: string[];
  position: number;
}

export interface EndorsementRow {
  decisionId: string;
  memberId: string;
  at: string;
}

const COLUMNS = `id, firm_id AS "firmId", title, outcome, chosen_answer AS "chosenAnswer", alternatives, rationale, layer,
  question_key AS "questionKey", status, proposed_by AS "proposedBy", proposed_at AS "proposedAt", locked_at AS "lockedAt",
  supersedes, superseded_by AS "supersededBy", superseded_at AS "supersededAt", resolves, position`;

/** Reads of the decisions read model; also the aligned definitions a closing check compares with. */
@Injectable()
export class DecisionsQueries implements AlignedDefinitionsSource {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async decision(id: string): Promise<DecisionRow | null> {
    return (await this.byIds([id])).get(id) ?? null;
  }

  /** Decisions by id, of any firm: callers check the firm. */
  async byIds(ids: readonly string[]): Promise<Map<string, DecisionRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.readStore.read((tx) =>
      tx.all<Record<string, unknown>>(`SELECT ${COLUMNS} FROM decisions WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids]),
    );
    return new Map(rows.map(toRow).map((row) => [row.id, row]));
  }

  /** A firm's decisions in the order they were proposed, optionally of one status. */
  async forFirm(firmId: string, status?: DecisionStatusValue | null): Promise<DecisionRow[]> {
    const rows = await this.readStore.read((tx) =>
      status
        ? tx.all<Record<string, unknown>>(`SELECT ${COLUMNS} FROM decisions WHERE firm_id = ? AND status = ? ORDER BY position`, [firmId, status])
        : tx.all<Record<string, unknown>>(`SELECT ${COLUMNS} FROM decisions WHERE firm_id = ? ORDER BY position`, [firmId]),
    );
    return rows.map(toRow);
  }

  /** Endorsements in the order they were given. */
  endorsements(decisionId: string): Promise<EndorsementRow[]> {
    return this.readStore.read((tx) =>
      tx.all<EndorsementRow>(
        'SELECT decision_id AS "decisionId", member_id AS "memberId", at FROM decision_endorsements WHERE decision_id = ? ORDER BY seq',
        [decisionId],
      ),
    );
  }

  /**
   * DESIGN rule 9 as of an instant: per question key, the newest decision locked at or before `asOf`
   * and not superseded at or before it. Ordered by question key.
   */
  async alignedDefinitions(firmId: string, asOf: string): Promise<DecisionRow[]> {
    const at = Date.parse(asOf);
    const rows = await this.readStore.read((tx) =>
      tx.all<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM decisions WHERE firm_id = ? AND question_key IS NOT NULL AND locked_at IS NOT NULL ORDER BY position`,
        [firmId],
      ),
    );
    const inForce = rows
      .map(toRow)
      .filter((row) => Date.parse(row.lockedAt!) <= at && (row.supersededAt === null || Date.parse(row.supersededAt) > at));
    return newestPerKey(inForce);
  }

  /** Question key → id of the decision defining it now (locked, not superseded), whatever the clocks said. */
  async currentDefinitions(firmId: string): Promise<Record<string, string>> {
    const rows = (await this.forFirm(firmId, 'LOCKED')).filter((row) => row.questionKey !== null);
    return Object.fromEntries(newestPerKey(rows).map((row) => [row.questionKey!, row.id]));
  }
}

/** The latest locked per question key (ties: the later recorded), sorted by key. */
function newestPerKey(rows: readonly DecisionRow[]): DecisionRow[] {
  const newest = new Map<string, DecisionRow>();
  for (const row of rows) {
    const held = newest.get(row.questionKey!);
    const later = !held || Date.parse(row.lockedAt!) > Date.parse(held.lockedAt!) || (row.lockedAt === held.lockedAt && row.position > held.position);
    if (later) newest.set(row.questionKey!, row);
  }
  return [...newest.values()].sort((a, b) => (a.questionKey! < b.questionKey! ? -1 : 1));
}

function toRow(row: Record<string, unknown>): DecisionRow {
  return {
    ...(row as unknown as DecisionRow),
    alternatives: JSON.parse(row.alternatives as string),
    resolves: JSON.parse(row.resolves as string),
    position: Number(row.position),
  };
}
