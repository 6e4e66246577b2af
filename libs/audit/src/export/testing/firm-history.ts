import { randomUUID } from 'node:crypto';
import { NO_STREAM, SqliteEventStore, type EventStore, type NewEvent } from '@accord/event-store';
import { exportFirm, type FirmExportOptions } from '../firm-export';

export interface FirmHistory {
  firmId: string;
  otherFirmId: string;
  /** Revealed: its answers are in clear in every export. */
  revealedCheckId: string;
  /** Not revealed: its answer is sealed in a redacted export. */
  sealedCheckId: string;
  sealedText: string;
  tokenHash: string;
}

/** An event store in memory, closed by the caller. */
export function memoryStore(): SqliteEventStore {
  return SqliteEventStore.open({ path: ':memory:' });
}

/**
 * A small history of a firm, interleaved with another firm's: founding (with a token hash), a member,
 * a check answered and revealed, a second check with one sealed answer, a decision proposed.
 */
export async function writeFirmHistory(store: EventStore): Promise<FirmHistory> {
  const firmId = randomUUID();
  const otherFirmId = randomUUID();
  const revealedCheckId = randomUUID();
  const sealedCheckId = randomUUID();
  const tokenHash = 'ab'.repeat(32);
  const sealedText = 'Margin per partner hour on fixed-fee work';
  let minute = 0;
  const at = () => new Date(Date.UTC(2026, 0, 5, 9, minute++)).toISOString();
  const event = (firm: string, type: string, data: Record<string, unknown>, actor = 'ann'): NewEvent => ({
    id: randomUUID(), type, data, metadata: { actor, firmId: firm, occurredAt: at() },
  });
  const revisions = new Map<string, number>();
  const append = async (stream: string, ...events: NewEvent[]) => {
    const last = revisions.get(stream);
    const result = await store.append(stream, events, { expectedRevision: last === undefined ? NO_STREAM : last });
    revisions.set(stream, result.nextExpectedRevision);
  };
  const answer = (checkId: string, memberId: string, questionKey: string, text: string) =>
    event(firmId, 'AnswerSubmitted', { checkId, questionKey, memberId, text, vagueTerms: [], at: at() }, memberId);

  await append(`firm-${firmId}`, event(firmId, 'FirmFounded', { firmId, name: 'Lex & Co', founder: { memberId: 'ann', name: 'Ann', tokenHash }, cadenceDays: 90 }));
  await append(`firm-${otherFirmId}`, event(otherFirmId, 'FirmFounded', { firmId: otherFirmId, name: 'Elsewhere', founder: { memberId: 'ola', name: 'Ola', tokenHash }, cadenceDays: 90 }, 'ola'));
  await append(`firm-${firmId}`, event(firmId, 'MemberJoined', { firmId, memberId: 'bob', name: 'Bob', role: 'PARTNER', tokenHash, joinedAt: at() }));
  await append(`check-${revealedCheckId}`, event(firmId, 'CheckOpened', { checkId: revealedCheckId, firmId, questions: [{ key: 'optimizing_for', prompt: 'What do we optimize for?' }] }, 'fay'));
  await append(`check-${revealedCheckId}`, answer(revealedCheckId, 'ann', 'optimizing_for', 'Recurring advisory revenue'));
  await append(`firm-${otherFirmId}`, event(otherFirmId, 'CadenceSet', { firmId: otherFirmId, cadenceDays: 30 }, 'ola'));
  await append(
    `check-${revealedCheckId}`,
    answer(revealedCheckId, 'bob', 'optimizing_for', 'More recurring revenue'),
    event(firmId, 'CheckRevealed', { checkId: revealedCheckId, revealedBy: 'system', forced: false, revealedAt: at(), suggestions: [] }, 'system'),
  );
  await append(`check-${sealedCheckId}`, event(firmId, 'CheckOpened', { checkId: sealedCheckId, firmId, questions: [{ key: 'optimizing_for', prompt: 'What do we optimize for?' }] }, 'fay'));
  await append(`check-${sealedCheckId}`, answer(sealedCheckId, 'ann', 'optimizing_for', sealedText));
  const decisionId = randomUUID();
  await append(`decision-${decisionId}`, event(firmId, 'DecisionProposed', { decisionId, firmId, title: 'What we optimize for', chosenAnswer: 'Recurring advisory revenue', alternatives: ['One-off fees'] }));
  await append(`firm-${otherFirmId}`, event(otherFirmId, 'CadenceSet', { firmId: otherFirmId, cadenceDays: 45 }, 'ola'));
  await append(`firm-${firmId}`, event(firmId, 'CadenceSet', { firmId, cadenceDays: 60 }));
  return { firmId, otherFirmId, revealedCheckId, sealedCheckId, sealedText, tokenHash };
}

/** Every line of an export of the firm. */
export async function exportLines(store: EventStore, firmId: string, options: Partial<FirmExportOptions> = {}): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of exportFirm(store, firmId, { redaction: 'sealed-answers', exportedAt: '2026-02-01T00:00:00.000Z', ...options })) lines.push(line);
  return lines;
}
