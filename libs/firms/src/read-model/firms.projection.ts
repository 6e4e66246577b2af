import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection, ReadTx } from '@accord/projections';
import type { CheckClosed, FirmEvent } from '@accord/domain';

/**
 * Firms and their members; a member's token hash is kept here for sign-in and nowhere in a response.
 * A revoked token is replaced by `revoked:<memberId>`: unique like a hash, and no token hashes to it
 * (a hash is 64 hex digits), so nothing signs in as that member until a token is rotated for them.
 */
@Injectable()
export class FirmsProjection implements Projection {
  readonly name = 'firms';
  readonly handles = ['FirmFounded', 'MemberJoined', 'MemberRoleChanged', 'MemberLeft', 'MemberTokenRotated', 'MemberTokenRevoked', 'QuestionSetDefined', 'CadenceSet', 'VagueWordsDefined', 'CheckClosed'];
  readonly tables = ['firms', 'members'];
  readonly schema = [
    `CREATE TABLE IF NOT EXISTS firms (
       id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, founded_at TEXT NOT NULL,
       cadence_days INTEGER NOT NULL, questions TEXT NOT NULL, vague_words TEXT NOT NULL DEFAULT '[]',
       last_check_closed_at TEXT)`,
    `CREATE TABLE IF NOT EXISTS members (
       id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
       active INTEGER NOT NULL, token_hash TEXT NOT NULL, joined_at TEXT NOT NULL, seq INTEGER NOT NULL)`,
    'CREATE UNIQUE INDEX IF NOT EXISTS members_token ON members (token_hash)',
    'CREATE INDEX IF NOT EXISTS members_firm ON members (firm_id, seq)',
  ];

  async handle(recorded: RecordedEvent, tx: ReadTx): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as FirmEvent | CheckClosed;
    switch (event.type) {
      case 'FirmFounded': {
        const d = event.data;
        await tx.run(
          `INSERT INTO firms (id, name, kind, founded_at, cadence_days, questions) VALUES (?, ?, ?, ?, ?, ?)`,
          [d.firmId, d.name, d.kind, d.foundedAt, d.cadenceDays, JSON.stringify(d.questions)],
        );
        await insertMember(tx, d.firmId, d.founder.memberId, d.founder.name, 'PARTNER', d.founder.tokenHash, d.foundedAt, recorded.position);
        return;
      }
      case 'MemberJoined': {
        const d = event.data;
        await insertMember(tx, d.firmId, d.memberId, d.name, d.role, d.tokenHash, d.joinedAt, recorded.position);
        return;
      }
      case 'MemberRoleChanged':
        await tx.run('UPDATE members SET role = ? WHERE id = ?', [event.data.role, event.data.memberId]);
        return;
      case 'MemberLeft':
        await tx.run('UPDATE members SET active = 0 WHERE id = ?', [event.data.memberId]);
        return;
      case 'MemberTokenRotated':
        await tx.run('UPDATE members SET token_hash = ? WHERE id = ?', [event.data.tokenHash, event.data.memberId]);
        return;
      case 'MemberTokenRevoked':
        await tx.run('UPDATE members SET token_hash = ? WHERE id = ?', [`revoked:${event.data.memberId}`, event.data.memberId]);
        return;
      case 'QuestionSetDefined':
        await tx.run('UPDATE firms SET questions = ? WHERE id = ?', [JSON.stringify(event.data.questions), event.data.firmId]);
        return;
      case 'CadenceSet':
        await tx.run('UPDATE firms SET cadence_days = ? WHERE id = ?', [event.data.cadenceDays, event.data.firmId]);
        return;
      case 'VagueWordsDefined':
        await tx.run('UPDATE firms SET vague_words = ? WHERE id = ?', [JSON.stringify(event.data.words), event.data.firmId]);
        return;
      case 'CheckClosed':
        await tx.run('UPDATE firms SET last_check_closed_at = ? WHERE id = ?', [event.data.closedAt, event.data.firmId]);
        return;
    }
  }
}

function insertMember(tx: ReadTx, firmId: string, id: string, name: string, role: string, tokenHash: string, at: string, seq: number) {
  return tx.run(
    'INSERT INTO members (id, firm_id, name, role, active, token_hash, joined_at, seq) VALUES (?, ?, ?, ?, 1, ?, ?, ?)',
    [id, firmId, name, role, tokenHash, at, seq],
  );
}
