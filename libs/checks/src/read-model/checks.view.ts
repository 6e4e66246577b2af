import { Injectable } from '@nestjs/common';
import { notFound } from '@accord/domain';
import { FirmsQueries, toMember, type Member } from '@accord/firms';
import { requireMember, type RequestContext } from '@accord/platform';
import type { AlignmentCheck } from './alignment-check.model';
import type { Answer } from './answer.model';
import type { CheckQuestion } from './check-question.model';
import type { CheckScore } from './check-score.model';
import { ChecksQueries, type AnswerRow, type CheckRow } from './checks.queries';

/** Read-model rows shaped as GraphQL objects; the one place that decides which answer text a caller sees. */
@Injectable()
export class ChecksView {
  constructor(
    readonly queries: ChecksQueries,
    private readonly firms: FirmsQueries,
  ) {}

  async check(id: string): Promise<AlignmentCheck> {
    const row = await this.queries.check(id);
    if (!row) throw notFound('check', id);
    return toCheck(row);
  }

  /**
   * The check, if the caller belongs to its firm: UNAUTHENTICATED without a token, NOT_FOUND for an unknown
   * id and for another firm's check alike, so an id tells nothing about whether it exists.
   */
  async checkFor(ctx: RequestContext, id: string): Promise<AlignmentCheck> {
    const caller = requireMember(ctx);
    const row = await this.queries.check(id);
    if (!row || row.firmId !== caller.firmId) throw notFound('check', id);
    return toCheck(row);
  }

  /** Checks by id in the order asked, unknown ids left out (e.g. for `Decision.why.checks`). */
  async checksByIds(ids: readonly string[]): Promise<AlignmentCheck[]> {
    return (await this.queries.checksByIds(ids)).map(toCheck);
  }

  async participants(check: AlignmentCheck): Promise<Member[]> {
    return this.members(check.participantIds);
  }

  /** Participants who answered every question, in participant order: who, never what. */
  async answeredBy(check: AlignmentCheck): Promise<Member[]> {
    const [questions, answers] = await Promise.all([this.queries.questions(check.id), this.queries.answers(check.id)]);
    const answered = new Map<string, number>();
    for (const { memberId } of answers) answered.set(memberId, (answered.get(memberId) ?? 0) + 1);
    return this.members(check.participantIds.filter((id) => (answered.get(id) ?? 0) >= questions.length));
  }

  /** The questions with the answers `viewerId` may read: own ones while sealed, all after the reveal. */
  async questions(check: AlignmentCheck, viewerId: string): Promise<CheckQuestion[]> {
    const [questions, rows] = await Promise.all([this.queries.questions(check.id), this.queries.answers(check.id)]);
    const sealed = check.status === 'OPEN';
    const visible = rows.filter((row) => !sealed || row.memberId === viewerId);
    const members = new Map((await this.members(check.participantIds)).map((m) => [m.id, m]));
    const order = (row: AnswerRow) => check.participantIds.indexOf(row.memberId);
    return questions.map((q) => ({
      key: q.key,
      prompt: q.prompt,
      answers: visible
        .filter((row) => row.questionKey === q.key)
        .sort((a, b) => order(a) - order(b))
        .flatMap((row) => {
          const member = members.get(row.memberId);
          return member ? [toAnswer(row, member)] : [];
        }),
      suggestedJudgement: sealed ? null : q.suggestedJudgement,
      similarity: sealed || q.similarity === null ? null : Number(q.similarity),
      judgement: q.judgement,
    }));
  }

  /** The firm's closed checks as its alignment history, oldest first. */
  async history(firmId: string): Promise<CheckScore[]> {
    return (await this.queries.closedChecks(firmId)).map(toScore);
  }

  private async members(ids: readonly string[]): Promise<Member[]> {
    const byId = await this.firms.membersById(ids);
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toMember(row)] : [];
    });
  }
}

export function toCheck(row: CheckRow): AlignmentCheck {
  const { id, firmId, status, openedAt, revealedAt, score, outOf, verdict, closedAt, participantIds } = row;
  return { id, firmId, status, openedAt, revealedAt, score, outOf, verdict, closedAt, participantIds };
}

export function toAnswer(row: Pick<AnswerRow, 'questionKey' | 'text' | 'vagueTerms'>, member: Member): Answer {
  return { questionKey: row.questionKey, member, text: row.text, vagueTerms: row.vagueTerms };
}

export function toScore(row: CheckRow): CheckScore {
  return {
    checkId: row.id,
    closedAt: row.closedAt!,
    score: row.score!,
    outOf: row.outOf!,
    verdict: row.verdict!,
    mismatched: row.mismatched,
  };
}
