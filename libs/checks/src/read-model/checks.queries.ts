import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@accord/projections';
import { READ_STORE } from '@accord/platform';
import type { Judgement, Verdict } from '@accord/domain';

export type CheckStatusValue = 'OPEN' | 'REVEALED' | 'CLOSED';

export interface CheckRow {
  id: string;
  firmId: string;
  status: CheckStatusValue;
  openedAt: string;
  openedBy: string;
  participantIds: string[];
  revealedAt: string | null;
  closedAt: string | null;
  score: number | null;
  outOf: number | null;
  verdict: Verdict | null;
  mismatched: string[];
  position: number;
}

export interface QuestionRow {
  checkId: string;
  key: string;
  prompt: string;
  suggestedJudgement: Judgement | null;
  similarity: number | null;
  judgement: Judgement | null;
}

/** An answer as stored, text included: callers decide who may see it. */
export interface AnswerRow {
  checkId: string;
  questionKey: string;
  memberId: string;
  text: string;
  vagueTerms: string[];
  answeredAt: string;
  revisedAt: string | null;
}

const CHECK_COLUMNS = `id, firm_id AS "firmId", status, opened_at AS "openedAt", opened_by AS "openedBy", participants,
  revealed_at AS "revealedAt", closed_at AS "closedAt", score, out_of AS "outOf", verdict, mismatched, position`;

/** Reads of the checks read model. */
@Injectable()
export class ChecksQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async check(id: string): Promise<CheckRow | null> {
    return (await this.checksByIds([id]))[0] ?? null;
  }

  /** Checks by id, in the order asked; unknown ids are left out. */
  async checksByIds(ids: readonly string[]): Promise<CheckRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.readStore.read((tx) =>
      tx.all<Record<string, unknown>>(`SELECT ${CHECK_COLUMNS} FROM checks WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids]),
    );
    const byId = new Map(rows.map((row) => [row.id as string, toCheckRow(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** A firm's checks, newest first, optionally of one status. */
  async checks(firmId: string, status?: CheckStatusValue | null): Promise<CheckRow[]> {
    const rows = await this.readStore.read((tx) =>
      tx.all<Record<string, unknown>>(
        `SELECT ${CHECK_COLUMNS} FROM checks WHERE firm_id = ? ${status ? 'AND status = ?' : ''} ORDER BY position DESC`,
        status ? [firmId, status] : [firmId],
      ),
    );
    return rows.map(toCheckRow);
  }

  /** A firm's closed checks, oldest close first. */
  async closedChecks(firmId: string): Promise<CheckRow[]> {
    const rows = await this.readStore.read((tx) =>
      tx.all<Record<string, unknown>>(
        `SELECT ${CHECK_COLUMNS} FROM checks WHERE firm_id = ? AND status = 'CLOSED' ORDER BY closed_at, position`,
        [firmId],
      ),
    );
    return rows.map(toCheckRow);
  }

  /** The firm's most recently closed check, if any. */
  async latestClosedCheck(firmId: string): Promise<CheckRow | null> {
    const row = await this.readStore.read((tx) =>
      tx.get<Record<string, unknown>>(
        `SELECT ${CHECK_COLUMNS} FROM checks WHERE firm_id = ? AND status = 'CLOSED' ORDER BY closed_at DESC, position DESC LIMIT 1`,
        [firmId],
      ),
    );
    return row ? toCheckRow(row) : null;
  }

  /** The questions of a check, in the check's order. */
  questions(checkId: string): Promise<QuestionRow[]> {
    return this.readStore.read((tx) =>
      tx.all<QuestionRow>(
        `SELECT check_id AS "checkId", key, prompt, suggested_judgement AS "suggestedJudgement", similarity, judgement
           FROM check_questions WHERE check_id = ? ORDER BY ord`,
        [checkId],
      ),
    );
  }

  /** Every answer of a check, text included. */
  async answers(checkId: string): Promise<AnswerRow[]> {
    const rows = await this.readStore.read((tx) =>
      tx.all<Record<string, unknown>>(
        `SELECT check_id AS "checkId", question_key AS "questionKey", member_id AS "memberId", text, vague_terms AS "vagueTerms",
                answered_at AS "answeredAt", revised_at AS "revisedAt"
           FROM check_answers WHERE check_id = ?`,
        [checkId],
      ),
    );
    return rows.map((row) => ({ ...row, vagueTerms: JSON.parse(row.vagueTerms as string) }) as AnswerRow);
  }
}

function toCheckRow(row: Record<string, unknown>): CheckRow {
  const { participants, mismatched, ...rest } = row;
  return {
    ...rest,
    participantIds: JSON.parse(participants as string),
    mismatched: JSON.parse(mismatched as string),
    position: Number(row.position),
  } as CheckRow;
}
