import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@accord/event-store';
import type { Projection, ReadTx } from '@accord/projections';
import { assertNever, type CheckEvent } from '@accord/domain';

/**
 * Alignment checks, their questions and answers. Answer text is stored as recorded: sealing it until the
 * reveal is the job of every read path (ChecksView), not of this table.
 */
@Injectable()
export class ChecksProjection implements Projection {
  readonly name = 'checks';
  readonly handles = ['CheckOpened', 'AnswerSubmitted', 'AnswerRevised', 'CheckRevealed', 'QuestionJudged', 'CheckClosed'];
  readonly tables = ['checks', 'check_questions', 'check_answers'];
  readonly schema = [
    `CREATE TABLE IF NOT EXISTS checks (
       id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, status TEXT NOT NULL, opened_at TEXT NOT NULL, opened_by TEXT NOT NULL,
       participants TEXT NOT NULL, revealed_at TEXT, closed_at TEXT, score INTEGER, out_of INTEGER, verdict TEXT,
       mismatched TEXT NOT NULL DEFAULT '[]', position INTEGER NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS checks_firm ON checks (firm_id, position)',
    'CREATE INDEX IF NOT EXISTS checks_firm_closed ON checks (firm_id, closed_at)',
    `CREATE TABLE IF NOT EXISTS check_questions (
       check_id TEXT NOT NULL, ord INTEGER NOT NULL, key TEXT NOT NULL, prompt TEXT NOT NULL,
       suggested_judgement TEXT, similarity REAL, judgement TEXT, PRIMARY KEY (check_id, key))`,
    `CREATE TABLE IF NOT EXISTS check_answers (
       check_id TEXT NOT NULL, question_key TEXT NOT NULL, member_id TEXT NOT NULL, text TEXT NOT NULL,
       vague_terms TEXT NOT NULL, answered_at TEXT NOT NULL, revised_at TEXT,
       PRIMARY KEY (check_id, question_key, member_id))`,
  ];

  async handle(recorded: RecordedEvent, tx: ReadTx): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as CheckEvent;
    switch (event.type) {
      case 'CheckOpened': {
        const d = event.data;
        await tx.run(
          `INSERT INTO checks (id, firm_id, status, opened_at, opened_by, participants, position) VALUES (?, ?, 'OPEN', ?, ?, ?, ?)`,
          [d.checkId, d.firmId, d.openedAt, d.openedBy, JSON.stringify(d.participantIds), recorded.position],
        );
        for (const [ord, { key, prompt }] of d.questions.entries()) {
          await tx.run('INSERT INTO check_questions (check_id, ord, key, prompt) VALUES (?, ?, ?, ?)', [d.checkId, ord, key, prompt]);
        }
        return;
      }
      case 'AnswerSubmitted': {
        const d = event.data;
        await tx.run(
          `INSERT INTO check_answers (check_id, question_key, member_id, text, vague_terms, answered_at) VALUES (?, ?, ?, ?, ?, ?)`,
          [d.checkId, d.questionKey, d.memberId, d.text, JSON.stringify(d.vagueTerms), d.at],
        );
        return;
      }
      case 'AnswerRevised': {
        const d = event.data;
        await tx.run(
          'UPDATE check_answers SET text = ?, vague_terms = ?, revised_at = ? WHERE check_id = ? AND question_key = ? AND member_id = ?',
          [d.text, JSON.stringify(d.vagueTerms), d.at, d.checkId, d.questionKey, d.memberId],
        );
        return;
      }
      case 'CheckRevealed': {
        const d = event.data;
        await tx.run(`UPDATE checks SET status = 'REVEALED', revealed_at = ? WHERE id = ?`, [d.revealedAt, d.checkId]);
        for (const s of d.suggestions) {
          await tx.run('UPDATE check_questions SET suggested_judgement = ?, similarity = ? WHERE check_id = ? AND key = ?', [
            s.suggestedJudgement,
            s.similarity,
            d.checkId,
            s.questionKey,
          ]);
        }
        return;
      }
      case 'QuestionJudged': {
        const d = event.data;
        await tx.run('UPDATE check_questions SET judgement = ? WHERE check_id = ? AND key = ?', [d.judgement, d.checkId, d.questionKey]);
        return;
      }
      case 'CheckClosed': {
        const d = event.data;
        await tx.run(
          `UPDATE checks SET status = 'CLOSED', closed_at = ?, score = ?, out_of = ?, verdict = ?, mismatched = ? WHERE id = ?`,
          [d.closedAt, d.score, d.outOf, d.verdict, JSON.stringify(d.mismatched), d.checkId],
        );
        return;
      }
      default:
        return assertNever(event);
    }
  }
}
