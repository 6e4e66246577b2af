import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@accord/projections';
import { READ_STORE, type AuthenticatedMember, type MemberDirectory } from '@accord/platform';
import type { FirmKind, Question, Role } from '@accord/domain';

export interface FirmRow {
  id: string;
  name: string;
  kind: FirmKind;
  foundedAt: string;
  cadenceDays: number;
  questions: Question[];
  vagueWords: string[];
  lastCheckClosedAt: string | null;
}

export interface MemberRow {
  id: string;
  firmId: string;
  name: string;
  role: Role;
  active: boolean;
  joinedAt: string;
}

const MEMBER_COLUMNS = 'id, firm_id AS "firmId", name, role, active, joined_at AS "joinedAt"';

/** Reads of the firms read model; also the directory that signs members in by token hash. */
@Injectable()
export class FirmsQueries implements MemberDirectory {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  firm(id: string): Promise<FirmRow | null> {
    return this.readStore.read(async (tx) => {
      const row = await tx.get<Record<string, unknown>>(
        `SELECT id, name, kind, founded_at AS "foundedAt", cadence_days AS "cadenceDays", questions, vague_words AS "vagueWords",
                last_check_closed_at AS "lastCheckClosedAt" FROM firms WHERE id = ?`,
        [id],
      );
      if (!row) return null;
      return { ...row, questions: JSON.parse(row.questions as string), vagueWords: JSON.parse(row.vagueWords as string) } as FirmRow;
    });
  }

  /** Active members in joining order; with `includeLeft`, former members too. */
  members(firmId: string, includeLeft = false): Promise<MemberRow[]> {
    return this.readStore.read(async (tx) => {
      const rows = await tx.all<MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM members WHERE firm_id = ? ${includeLeft ? '' : 'AND active = 1'} ORDER BY seq`,
        [firmId],
      );
      return rows.map(toMember);
    });
  }

  /** Members by id (left ones included: history names them). */
  async membersById(ids: readonly string[]): Promise<Map<string, MemberRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.readStore.read((tx) =>
      tx.all<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids]),
    );
    return new Map(rows.map((row) => [row.id, toMember(row)]));
  }

  async member(id: string): Promise<MemberRow | null> {
    return (await this.membersById([id])).get(id) ?? null;
  }

  async findByTokenHash(tokenHash: string): Promise<AuthenticatedMember | null> {
    const row = await this.readStore.read((tx) =>
      tx.get<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE token_hash = ? AND active = 1`, [tokenHash]),
    );
    return row ? { memberId: row.id, firmId: row.firmId, name: row.name, role: row.role } : null;
  }

  /**
   * Of these token hashes, the ones an active member still holds, with that member's role now: one
   * read for many sockets (in batches that keep under every store's parameter limit).
   */
  async rolesOfTokenHashes(tokenHashes: Iterable<string>): Promise<Map<string, Role>> {
    const all = [...tokenHashes];
    const held = new Map<string, Role>();
    if (all.length === 0) return held;
    await this.readStore.read(async (tx) => {
      for (let start = 0; start < all.length; start += TOKEN_BATCH) {
        const batch = all.slice(start, start + TOKEN_BATCH);
        const rows = await tx.all<{ tokenHash: string; role: Role }>(
          `SELECT token_hash AS "tokenHash", role FROM members WHERE active = 1 AND token_hash IN (${batch.map(() => '?').join(', ')})`,
          batch,
        );
        for (const row of rows) held.set(row.tokenHash, row.role);
      }
    });
    return held;
  }
}

const TOKEN_BATCH = 500;

function toMember(row: MemberRow): MemberRow {
  return { ...row, active: Boolean(row.active) };
}
